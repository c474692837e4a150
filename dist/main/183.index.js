export const id = 183;
export const ids = [183];
export const modules = {

/***/ 3308:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startSession: () => (/* binding */ startSession)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 16 modules
var core = __webpack_require__(3235);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/config/index.js
var config = __webpack_require__(7291);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/credential-provider-process/dist-cjs/index.js
var dist_cjs = __webpack_require__(5360);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/caller-credentials.ts





const ENV_KEYS = "the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables";
// Settings that make a profile hand out temporary credentials: roles, SSO,
// web identity and console logins all end in a session, never in user keys.
const TEMPORARY_PROFILE_KEYS = [
    "role_arn",
    "sso_session",
    "sso_start_url",
    "web_identity_token_file",
    "login_session",
];
/**
 * Finds long-term keys where the AWS CLI looks for them: the key variables,
 * then a profile in the shared credentials and config files. Instance and
 * container metadata are never probed: they only serve temporary
 * credentials, which GetSessionToken refuses, and probing them off EC2 hangs.
 */
async function findCallerCredentials(env) {
    const fromVariables = readKeyVariables(env);
    if (fromVariables !== undefined) {
        return fromVariables;
    }
    return readProfile(env);
}
function readKeyVariables(env) {
    const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim() ?? "";
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim() ?? "";
    if (accessKeyId === "" && secretAccessKey === "") {
        return undefined;
    }
    const missing = accessKeyId === "" ? "AWS_ACCESS_KEY_ID" : "";
    if (missing !== "" || secretAccessKey === "") {
        const name = missing || "AWS_SECRET_ACCESS_KEY";
        throw new errors/* ActionError */.l(`Variable ${name} is empty while its partner is set. Set both ` +
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the secrets that " +
            "hold an IAM user's access key.");
    }
    const sessionToken = env.AWS_SESSION_TOKEN?.trim() ?? "";
    refuseTemporaryKeys(accessKeyId, sessionToken, ENV_KEYS);
    return { accessKeyId, secretAccessKey, source: ENV_KEYS };
}
function locateSharedFiles(env) {
    const folder = (0,external_node_path_.join)((0,external_node_os_.homedir)(), ".aws");
    const chosen = env.AWS_PROFILE?.trim() || env.AWS_DEFAULT_PROFILE?.trim();
    return {
        profileName: chosen || "default",
        profileChosen: Boolean(chosen),
        configFile: env.AWS_CONFIG_FILE?.trim() || (0,external_node_path_.join)(folder, "config"),
        credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE?.trim() || (0,external_node_path_.join)(folder, "credentials"),
    };
}
async function readProfile(env) {
    const files = locateSharedFiles(env);
    const profiles = await (0,config.parseKnownFiles)({
        profile: files.profileName,
        filepath: files.credentialsFile,
        configFilepath: files.configFile,
        ignoreCache: true,
    });
    const profile = profiles[files.profileName];
    const where = `profile "${files.profileName}" in ${files.credentialsFile} or ${files.configFile}`;
    if (profile === undefined) {
        throw noCredentialsError(files, where);
    }
    if (profile.aws_access_key_id || profile.aws_secret_access_key) {
        return readStaticKeys(profile, where);
    }
    if (profile.credential_process) {
        return runCredentialProcess(files, where);
    }
    throw profileWithoutKeysError(profile, where);
}
function readStaticKeys(profile, where) {
    const accessKeyId = profile.aws_access_key_id?.trim() ?? "";
    const secretAccessKey = profile.aws_secret_access_key?.trim() ?? "";
    if (accessKeyId === "" || secretAccessKey === "") {
        throw new errors/* ActionError */.l(`The ${where} needs both aws_access_key_id and aws_secret_access_key.`);
    }
    refuseTemporaryKeys(accessKeyId, profile.aws_session_token ?? "", where);
    return { accessKeyId, secretAccessKey, source: where };
}
async function runCredentialProcess(files, where) {
    const source = `the credential_process of ${where}`;
    const provide = (0,dist_cjs/* fromProcess */.q)({
        profile: files.profileName,
        filepath: files.credentialsFile,
        configFilepath: files.configFile,
        ignoreCache: true,
    });
    const keys = await provide().catch((error) => {
        const detail = error instanceof Error ? error.message : String(error);
        throw new errors/* ActionError */.l(`Running ${source} failed: ${detail}`);
    });
    refuseTemporaryKeys(keys.accessKeyId, keys.sessionToken ?? "", source);
    return { ...keys, source };
}
function refuseTemporaryKeys(accessKeyId, sessionToken, source) {
    const sign = sessionToken
        ? "they come with a session token"
        : accessKeyId.startsWith("ASIA")
            ? "the access key id starts with ASIA"
            : "";
    if (sign === "") {
        return;
    }
    throw new errors/* ActionError */.l(`The credentials from ${source} are temporary (${sign}), and STS ` +
        "refuses GetSessionToken with temporary credentials. Give the action " +
        "an IAM user's long-term access key (AKIA…) instead, or, to act as a " +
        "role, assume it with sts:AssumeRole rather than GetSessionToken.");
}
function profileWithoutKeysError(profile, where) {
    const temporary = TEMPORARY_PROFILE_KEYS.find((key) => profile[key]);
    if (temporary !== undefined) {
        return new errors/* ActionError */.l(`The ${where} gets temporary credentials (it sets ${temporary}), and ` +
            "STS refuses GetSessionToken with temporary credentials. Point the " +
            "action at a profile with an IAM user's long-term keys " +
            "(aws_access_key_id and aws_secret_access_key, or a " +
            "credential_process that returns them).");
    }
    return new errors/* ActionError */.l(`The ${where} has no aws_access_key_id, aws_secret_access_key or ` +
        "credential_process. Add the IAM user's keys to it, or set " +
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
}
function noCredentialsError(files, where) {
    const lookedIn = files.profileChosen
        ? `The ${where} does not exist`
        : `No AWS credentials found: the action looked in ${ENV_KEYS}, then in ${where}`;
    return new errors/* ActionError */.l(`${lookedIn}. Pass an IAM user's access key to the step, for example ` +
        "env: AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }} and " +
        "AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}. " +
        "Instance and container roles cannot be used: they only give " +
        "temporary credentials.");
}

// EXTERNAL MODULE: ./src/duration.ts
var src_duration = __webpack_require__(7607);
;// CONCATENATED MODULE: ./src/exports.ts

/** Names of what the main step leaves for the post step. */
const STATE = {
    expiration: "expiration",
    profiles: "profiles",
};
/**
 * Keys read from a file were never registered with the runner as secrets,
 * so they are masked here, before any line that could echo them.
 */
function maskCallerCredentials(caller) {
    core/* setSecret */.Pq(caller.accessKeyId);
    core/* setSecret */.Pq(caller.secretAccessKey);
}
/** Must run as soon as STS answers: the runner hides only later lines. */
function maskSession(session) {
    core/* setSecret */.Pq(session.accessKeyId);
    core/* setSecret */.Pq(session.secretAccessKey);
    core/* setSecret */.Pq(session.sessionToken);
}
function maskAccountId(identity) {
    core/* setSecret */.Pq(identity.account);
}
/**
 * Hands the session to later steps. Called last, once every check has
 * passed, so a failed step exports nothing.
 */
function publishSession(session, identity, profiles, settings) {
    if (settings.exportEnv) {
        exportVariables(session, settings.region);
    }
    setOutputs(session, identity, settings.outputCredentials);
    publishProfiles(profiles, settings);
    core/* saveState */.LZ(STATE.expiration, session.expiration.toISOString());
}
/**
 * Points later steps at the files written. Exactly one default selects the
 * session: the key variables when they are exported, else the profile by
 * name. Both at once would split the tools, which disagree on which wins.
 */
function publishProfiles(profiles, settings) {
    if (profiles.length === 0) {
        return;
    }
    const { profileName, cleanup } = settings.profile;
    core/* setOutput */.uH("profile-name", profileName);
    for (const { kind, path } of profiles) {
        const variable = FILE_VARIABLES[kind];
        core/* exportVariable */.dN(variable, path);
        core/* setOutput */.uH(`${kind}-file`, path);
    }
    if (!settings.exportEnv) {
        core/* exportVariable */.dN("AWS_PROFILE", profileName);
        core/* exportVariable */.dN("AWS_DEFAULT_PROFILE", profileName);
    }
    if (cleanup) {
        core/* saveState */.LZ(STATE.profiles, JSON.stringify(profiles));
    }
}
const FILE_VARIABLES = {
    config: "AWS_CONFIG_FILE",
    credentials: "AWS_SHARED_CREDENTIALS_FILE",
};
function exportVariables(session, region) {
    core/* exportVariable */.dN("AWS_ACCESS_KEY_ID", session.accessKeyId);
    core/* exportVariable */.dN("AWS_SECRET_ACCESS_KEY", session.secretAccessKey);
    core/* exportVariable */.dN("AWS_SESSION_TOKEN", session.sessionToken);
    core/* exportVariable */.dN("AWS_REGION", region);
    core/* exportVariable */.dN("AWS_DEFAULT_REGION", region);
    core/* exportVariable */.dN("AWS_CREDENTIAL_EXPIRATION", session.expiration.toISOString());
}
function setOutputs(session, identity, outputCredentials) {
    core/* setOutput */.uH("expiration", session.expiration.toISOString());
    core/* setOutput */.uH("mfa-authenticated", String(session.mfaAuthenticated));
    if (identity !== undefined) {
        core/* setOutput */.uH("aws-account-id", identity.account);
        core/* setOutput */.uH("arn", identity.arn);
    }
    if (outputCredentials) {
        core/* setOutput */.uH("aws-access-key-id", session.accessKeyId);
        core/* setOutput */.uH("aws-secret-access-key", session.secretAccessKey);
        core/* setOutput */.uH("aws-session-token", session.sessionToken);
    }
}

// EXTERNAL MODULE: ./src/proxy.ts + 1 modules
var src_proxy = __webpack_require__(6289);
// EXTERNAL MODULE: ./node_modules/http-proxy-agent/dist/index.js
var dist = __webpack_require__(8947);
// EXTERNAL MODULE: ./node_modules/https-proxy-agent/dist/index.js + 1 modules
var https_proxy_agent_dist = __webpack_require__(1566);
;// CONCATENATED MODULE: ./src/proxy-agents.ts


/**
 * Node agents that send requests through the proxy: CONNECT tunnels for
 * https endpoints, absolute-form requests for http ones. Both send the
 * URL's user and password as Proxy-Authorization.
 */
function proxyAgents(proxy) {
    return {
        httpAgent: new dist/* HttpProxyAgent */.s(proxy),
        httpsAgent: new https_proxy_agent_dist/* HttpsProxyAgent */.b(proxy),
    };
}

;// CONCATENATED MODULE: ./src/summary.ts

/**
 * A small table on the run's page: who the session is, until when, where
 * it was written. Nothing secret: the account id only when it is not
 * masked, never a key.
 */
async function writeJobSummary(session, identity, profiles, settings) {
    const hidden = "(masked)";
    const account = settings.maskAccountId ? hidden : identity?.account;
    const arn = settings.maskAccountId ? hidden : identity?.arn;
    const files = profiles.map((profile) => profile.path).join(", ");
    const rows = [
        ["Account", account ?? "not verified"],
        ["ARN", arn ?? "not verified"],
        ["Expires", session.expiration.toISOString()],
        ["MFA", session.mfaAuthenticated ? "yes" : "no"],
        ["Profile", profiles.length > 0 ? settings.profile.profileName : "none"],
        ["Files written", files || "none"],
        ["Exported to later steps", settings.exportEnv ? "yes" : "no"],
    ];
    if (!process.env.GITHUB_STEP_SUMMARY) {
        return;
    }
    await core/* summary */.z
        .addHeading("AWS session", 3)
        .addTable([
        [
            { data: "", header: true },
            { data: "", header: true },
        ],
        ...rows,
    ])
        .write()
        .catch((error) => {
        const detail = error instanceof Error ? error.message : String(error);
        core/* warning */.$e(`Could not write the job summary: ${detail}`);
    });
}

// EXTERNAL MODULE: ./node_modules/otpauth/dist/otpauth.node.mjs
var otpauth_node = __webpack_require__(107);
;// CONCATENATED MODULE: ./src/mfa.ts


// AWS's virtual MFA devices: RFC 6238 with SHA-1, six digits, 30 seconds.
const PERIOD_MS = 30_000;
// A code sent this close to its window's end may reach AWS after the
// window turned; waiting for a fresh window is cheaper than a refusal.
const SAFETY_MARGIN_MS = 3_000;
// One device serves one code per window, so jobs sharing a device queue
// up window by window; four windows cover a few jobs at the same moment.
const MAX_MFA_WINDOWS = 4;
const INVALID_CODE = "invalid MFA one time pass code";
function totpCode(secret, timestamp) {
    return otpauth_node/* TOTP */._k.generate({
        secret: otpauth_node/* Secret */.zh.fromBase32(secret),
        algorithm: "SHA1",
        digits: 6,
        period: PERIOD_MS / 1000,
        timestamp,
    });
}
/**
 * Calls STS with an MFA code. A fixed code gets one try. With a seed, each
 * try uses a fresh window's code, since AWS refuses a code that was
 * already used for the device, by this job or by another sharing it.
 */
async function withMfaCode(mfa, clock, report, call) {
    const { serialNumber, tokenCode, totpSecret } = mfa;
    if (totpSecret === undefined) {
        return call({ serialNumber, tokenCode: tokenCode ?? "" });
    }
    return tryWindows(serialNumber, totpSecret, clock, report, call);
}
async function tryWindows(serialNumber, secret, clock, report, call) {
    let window = await freshWindow(clock, -1, report);
    for (let attempt = 1;; attempt++) {
        const tokenCode = totpCode(secret, window * PERIOD_MS);
        try {
            return await call({ serialNumber, tokenCode });
        }
        catch (error) {
            if (!isRefusedCode(error) || attempt >= MAX_MFA_WINDOWS) {
                throw error;
            }
            report(`STS refused the MFA code of this window (attempt ${attempt} of ` +
                `${MAX_MFA_WINDOWS}): another job sharing the device may have ` +
                "used it. Waiting for the next window.");
            window = await freshWindow(clock, window, report);
        }
    }
}
/**
 * Waits, if needed, for a window after `usedWindow` with enough time left
 * to send its code, and returns that window's number.
 */
async function freshWindow(clock, usedWindow, report) {
    const now = clock.now();
    const current = Math.floor(now / PERIOD_MS);
    const remaining = (current + 1) * PERIOD_MS - now;
    if (current > usedWindow && remaining >= SAFETY_MARGIN_MS) {
        return current;
    }
    const next = Math.max(current, usedWindow) + 1;
    const wait = next * PERIOD_MS - now;
    report(`Waiting ${Math.ceil(wait / 1000)}s for a fresh MFA window.`);
    await clock.sleep(wait);
    return next;
}
function isRefusedCode(error) {
    return error instanceof Error && error.message.includes(INVALID_CODE);
}
/** What a refused code most likely means, for the final error. */
function explainRefusedCode(mfa) {
    const fixed = mfa.totpSecret === undefined;
    const tried = fixed
        ? "the code in mfa-token-code"
        : `codes in ${MAX_MFA_WINDOWS} windows`;
    return new errors/* ActionError */.l(`GetSessionToken failed: STS refused ${tried} for MFA device ` +
        `${mfa.serialNumber}. Likely causes: the code belongs to another ` +
        "device (check mfa-serial-number), the runner's clock is off, or the " +
        "code was already used (AWS refuses a code twice, even within its 30 " +
        "seconds)." +
        (fixed
            ? " With mfa-totp-secret the action computes a fresh code itself."
            : " Check that mfa-totp-secret is the seed of this device."));
}

;// CONCATENATED MODULE: ./src/ini-file.ts

/**
 * First line of every section the action writes, right under the header:
 * the post step removes only sections that carry it, never a user's own.
 */
const MARKER_PREFIX = "# Written by sts-session-action";
// The lazy name and the optional trailing comment follow the JavaScript SDK,
// which strips `# note` after a header; botocore reads it as a header too.
const HEADER = /^\s*\[(.*?)\]\s*(?:[#;].*)?$/;
const COMMENT = /^\s*[#;]/;
const BLANK = /^\s*$/;
/**
 * `[profile NAME]` in a config file (`[default]` for default), `[NAME]` in
 * a credentials file.
 */
function sectionHeader(kind, profileName) {
    if (kind === "credentials") {
        return `[${profileName}]`;
    }
    return profileName === "default" ? "[default]" : `[profile ${profileName}]`;
}
function markerLine(expiration) {
    return (`${MARKER_PREFIX}; expires ${expiration.toISOString()}; ` +
        "removed by its post step");
}
/** The expiry a section of ours records, or undefined for any other text. */
function markedExpiration(section) {
    const found = /^# Written by sts-session-action; expires (\S+);/m.exec(section);
    const time = found?.[1] === undefined ? NaN : Date.parse(found[1]);
    return Number.isNaN(time) ? undefined : new Date(time);
}
/**
 * Finds the section of that profile. Throws when the file holds it twice:
 * botocore refuses such a file, and tools differ on which copy they read.
 */
function findSection(text, kind, profileName) {
    const lines = splitLines(text);
    const names = matchingNames(kind, profileName);
    const headers = lines.flatMap((line, index) => {
        const name = sectionName(line.body);
        return name !== undefined && names.includes(name) ? [{ line, index }] : [];
    });
    if (headers.length > 1) {
        throw duplicateError(headers);
    }
    const [header] = headers;
    return header === undefined
        ? undefined
        : sectionAt(text, header.line, lines.slice(header.index + 1));
}
/** Puts the section in place of the profile's section, or at the end. */
function writeSection(text, kind, profileName, content) {
    const block = sectionBlock(sectionHeader(kind, profileName), content, lineEnding(text));
    const found = findSection(text, kind, profileName);
    if (found === undefined) {
        const separator = appendSeparator(text);
        return {
            text: text + separator + block,
            previous: undefined,
            previousWasOurs: false,
            separator,
        };
    }
    return {
        text: text.slice(0, found.start) + block + text.slice(found.end),
        previous: found.text,
        previousWasOurs: found.ours,
        separator: "",
    };
}
/**
 * Undoes writeSection: puts `previous` back where our section is, or removes
 * our section and the separator added before it.
 * A section of that name without our marker is the user's and stays.
 */
function removeSection(text, kind, profileName, undo) {
    const found = findSection(text, kind, profileName);
    if (found === undefined || !found.ours) {
        return { text, found: false };
    }
    const after = text.slice(found.end);
    const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
    const before = text.slice(0, found.start);
    const kept = undo.previous === undefined
        ? withoutSeparator(before, undo)
        : before + undo.previous;
    return { text: joinLines(kept, after, lineBreak), found: true };
}
/**
 * Takes out the separator written before our section, wherever the section
 * now stands: jobs sharing a file append in one order and clean up in
 * another, and each must take its own blank line with it.
 */
function withoutSeparator(before, undo) {
    const { separator } = undo;
    return separator !== "" && before.endsWith(separator)
        ? before.slice(0, before.length - separator.length)
        : before;
}
/** Joins two pieces of a file without merging two lines into one. */
function joinLines(before, after, lineBreak) {
    const merges = before !== "" &&
        !before.endsWith("\n") &&
        after !== "" &&
        !after.startsWith("\n") &&
        !after.startsWith("\r\n");
    return merges ? before + lineBreak + after : before + after;
}
function splitLines(text) {
    const lines = [];
    let start = 0;
    while (start < text.length) {
        const newline = text.indexOf("\n", start);
        const end = newline === -1 ? text.length : newline + 1;
        const body = text.slice(start, end).replace(/\r?\n$/, "");
        lines.push({ start, end, body });
        start = end;
    }
    return lines;
}
/** Lines we add follow the file's own style, so a CRLF file stays CRLF. */
function lineEnding(text) {
    return text.includes("\r\n") ? "\r\n" : "\n";
}
/** A header's name as AWS tools compare it, or undefined for other lines. */
function sectionName(line) {
    const header = HEADER.exec(line);
    if (header === null) {
        return undefined;
    }
    // botocore splits `profile   NAME` on whitespace, so any run of it counts.
    return (header[1] ?? "").trim().replace(/^profile\s+/, "profile ");
}
function matchingNames(kind, profileName) {
    const own = sectionName(sectionHeader(kind, profileName)) ?? "";
    // botocore and the JavaScript SDK both read [profile default] as default.
    return kind === "config" && own === "default"
        ? [own, "profile default"]
        : [own];
}
function isContent(line) {
    return !BLANK.test(line) && !COMMENT.test(line) && !HEADER.test(line);
}
/**
 * A section ends with its last key or indented line: blank lines and
 * comments after it introduce what follows, so they stay when it goes.
 */
function sectionAt(text, header, following) {
    const ours = following[0]?.body.startsWith(MARKER_PREFIX) ?? false;
    let end = header.end;
    for (const [index, line] of following.entries()) {
        if (HEADER.test(line.body)) {
            break;
        }
        // Our marker belongs to our section even with no key under it.
        if (isContent(line.body) || (ours && index === 0)) {
            end = line.end;
        }
    }
    const start = header.start;
    return { start, end, text: text.slice(start, end), ours };
}
function duplicateError(headers) {
    const places = headers
        .map(({ line, index }) => `${line.body.trim()} on line ${index + 1}`)
        .join(", ");
    return new errors/* ActionError */.l(`the profile's section is duplicated (${places}). AWS tools refuse ` +
        "such a file or disagree on which copy counts: merge them into one " +
        "section and run the job again.");
}
function sectionBlock(header, content, eol) {
    const lines = [
        header,
        content.marker,
        ...content.entries.map(([key, value]) => `${key} = ${value}`),
    ];
    // A line break inside a line would end it early and corrupt the file.
    if (lines.some((line) => /[\r\n]/.test(line))) {
        throw new Error("a profile name or value holds a line break");
    }
    return lines.map((line) => line + eol).join("");
}
/** One blank line between the old end of the file and our section. */
function appendSeparator(text) {
    if (text === "") {
        return "";
    }
    const eol = lineEnding(text);
    return text.endsWith("\n") ? eol : eol + eol;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/proper-lockfile/index.js
var proper_lockfile = __webpack_require__(3648);
;// CONCATENATED MODULE: ./src/profile-files.ts







// Writers of one file (several runners sharing ~/.aws on one host) queue
// for the lock; a minute covers dozens of them, each holding it for one
// STS round trip.
const LOCK_RETRIES = {
    retries: 120,
    factor: 1.2,
    minTimeout: 50,
    maxTimeout: 1000,
    randomize: true,
};
const LOCK_STALE_MS = 20_000;
const PRIVATE_FOLDER = 0o700;
const PRIVATE_FILE = 0o600;
/**
 * Checks the path, makes its folders and takes the file's lock, all before
 * STS is called, so a bad path costs no session and no other writer can
 * slip in between reading the file and replacing it.
 */
async function openProfileFile(kind, inputName, path) {
    const existed = await refuseUnusablePath(inputName, path);
    const createdFolders = await makeFolders(inputName, (0,external_node_path_.dirname)(path));
    await (0,promises_.access)((0,external_node_path_.dirname)(path), external_node_fs_.constants.W_OK).catch(async (error) => {
        await removeEmptyFolders(createdFolders);
        throw unusable(inputName, (0,external_node_path_.dirname)(path), describeError(error));
    });
    const release = await takeLock(inputName, path).catch(async (error) => {
        await removeEmptyFolders(createdFolders);
        throw error;
    });
    return { kind, inputName, path, createdFolders, existed, release };
}
async function refuseUnusablePath(inputName, path) {
    const found = await (0,promises_.lstat)(path).catch((error) => {
        if (isMissing(error))
            return undefined;
        throw unusable(inputName, path, describeError(error));
    });
    if (found?.isSymbolicLink()) {
        throw unusable(inputName, path, "it is a symbolic link, which the action refuses to follow");
    }
    if (found !== undefined && !found.isFile()) {
        throw unusable(inputName, path, "it is a folder, not a file");
    }
    return found !== undefined;
}
/** Makes the missing folders of a path, private, and lists them. */
async function makeFolders(inputName, folder) {
    const missing = [];
    for (let current = folder;; current = (0,external_node_path_.dirname)(current)) {
        const found = await (0,promises_.stat)(current).catch(() => undefined);
        if (found !== undefined) {
            if (!found.isDirectory()) {
                throw unusable(inputName, current, "it is a file, not a folder");
            }
            break;
        }
        missing.push(current);
        if ((0,external_node_path_.dirname)(current) === current)
            break;
    }
    await (0,promises_.mkdir)(folder, { recursive: true, mode: PRIVATE_FOLDER }).catch((error) => {
        throw unusable(inputName, folder, describeError(error));
    });
    return missing;
}
async function takeLock(inputName, path) {
    let compromised;
    const unlock = await (0,proper_lockfile.lock)(path, {
        realpath: false,
        stale: LOCK_STALE_MS,
        retries: LOCK_RETRIES,
        onCompromised: (error) => (compromised = error),
    }).catch((error) => {
        throw lockError(inputName, path, error);
    });
    return async () => {
        await unlock().catch(() => undefined);
        if (compromised !== undefined) {
            throw new errors/* ActionError */.l(`The lock on ${path} was lost while the action held it ` +
                `(${compromised.message}). Check that nothing else removes ` +
                `${path}.lock.`);
        }
    };
}
/** Locks a file for the post step; undefined when its folder is gone. */
async function lockProfilePath(path) {
    const folder = await stat(dirname(path)).catch(() => undefined);
    if (folder === undefined) {
        return undefined;
    }
    return takeLock("cleanup", path);
}
function lockError(inputName, path, error) {
    if (errorCode(error) === "ELOCKED") {
        return new errors/* ActionError */.l(`Input ${inputName}: ${path} stayed locked by another writer for ` +
            `over a minute. If no job is writing it, remove ${path}.lock.`);
    }
    return unusable(inputName, path, describeError(error));
}
/** Reads a profile file; a missing file reads as empty. */
async function readProfileText(path) {
    return (0,promises_.readFile)(path, "utf8").catch((error) => {
        if (isMissing(error))
            return "";
        throw new errors/* ActionError */.l(`Cannot read ${path}: ${describeError(error)}`);
    });
}
/**
 * Refuses, before any call to STS, to replace a section the action did not
 * write, unless overwrite-profile says so.
 */
async function checkForeignProfile(file, profileName, overwrite) {
    const text = await readProfileText(file.path);
    const section = findSection(text, file.kind, profileName);
    if (section === undefined || section.ours || overwrite) {
        return;
    }
    throw new errors/* ActionError */.l(`Input ${file.inputName}: ${file.path} already has a profile ` +
        `"${profileName}" that this action did not write. Choose another ` +
        "profile-name, or set overwrite-profile: true to replace it for " +
        "this job.");
}
/**
 * Replaces the file in one rename: a crash leaves the old file or the new
 * one, never a torn one. A new file is private; an existing one keeps its
 * mode and owner.
 */
async function replaceFileText(path, text, existed) {
    const original = existed
        ? await (0,promises_.stat)(path).catch(() => undefined)
        : undefined;
    const temporary = `${path}.${(0,external_node_crypto_.randomBytes)(6).toString("hex")}.tmp`;
    try {
        await writeDurably(temporary, text, original?.mode ?? PRIVATE_FILE);
        if (original !== undefined && process.getuid?.() === 0) {
            await (0,promises_.chown)(temporary, original.uid, original.gid);
        }
        await (0,promises_.rename)(temporary, path);
    }
    catch (error) {
        await deleteFile(temporary).catch(() => undefined);
        throw new errors/* ActionError */.l(`Cannot write ${path}: ${describeError(error)}`);
    }
}
/** Writes a new file and flushes it to disk before it is renamed. */
async function writeDurably(path, text, mode) {
    const handle = await (0,promises_.open)(path, "wx", mode & 0o777);
    try {
        await handle.writeFile(text);
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}
async function deleteFile(path) {
    await (0,promises_.unlink)(path).catch((error) => {
        if (!isMissing(error))
            throw error;
    });
}
/** Removes folders the action made, deepest first, while they are empty. */
async function removeEmptyFolders(folders) {
    for (const folder of folders) {
        const removed = await (0,promises_.rmdir)(folder).then(() => true, () => false);
        if (!removed)
            return;
    }
}
function fingerprint(text) {
    return (0,external_node_crypto_.createHash)("sha256").update(text).digest("hex");
}
function unusable(inputName, path, reason) {
    return new errors/* ActionError */.l(`Input ${inputName}: cannot use ${path}: ${reason}. Expected a path to ` +
        "a regular file (or a missing one) in a folder the runner can write.");
}
function isMissing(error) {
    return errorCode(error) === "ENOENT";
}
function errorCode(error) {
    const code = error?.code;
    return typeof code === "string" ? code : undefined;
}
function describeError(error) {
    const code = errorCode(error);
    const detail = error instanceof Error ? error.message : String(error);
    return code === "EACCES" || code === "EPERM"
        ? `permission denied (${detail})`
        : detail;
}

;// CONCATENATED MODULE: ./src/profiles.ts



/**
 * Opens and locks every file the settings name, and refuses a foreign
 * profile, before any call to STS. On failure nothing stays locked or made.
 */
async function openProfileFiles(settings) {
    const opened = [];
    try {
        for (const [kind, inputName, path] of filesToWrite(settings)) {
            opened.push(await openProfileFile(kind, inputName, path));
            const file = opened.at(-1);
            await checkForeignProfile(file, settings.profileName, settings.overwriteProfile);
        }
        return opened;
    }
    catch (error) {
        await closeProfileFiles(opened, false);
        throw error;
    }
}
function filesToWrite(settings) {
    const files = [];
    if (settings.configFile !== undefined) {
        files.push(["config", "config-file", settings.configFile]);
    }
    if (settings.credentialsFile !== undefined) {
        files.push(["credentials", "credentials-file", settings.credentialsFile]);
    }
    return files;
}
/** Releases the locks; after a failure also removes the folders made. */
async function closeProfileFiles(files, succeeded) {
    for (const file of files) {
        await file.release();
        if (!succeeded) {
            await removeEmptyFolders(file.createdFolders);
        }
    }
}
/**
 * Writes the session into every opened file. When one write fails, the
 * ones before it are undone, so the files end as they began.
 */
async function writeSessionProfiles(files, profileName, region, session) {
    const written = [];
    try {
        for (const file of files) {
            const content = sectionContent(file.kind, region, session);
            written.push(await writeProfile(file, profileName, content));
        }
        return written;
    }
    catch (error) {
        await undoProfiles(written);
        throw error;
    }
}
/** Takes back sections written in this step, when the step then fails. */
async function undoProfiles(written) {
    await Promise.all(written.map((profile) => undoProfile(profile)));
}
function sectionContent(kind, region, session) {
    const entries = [
        ["aws_access_key_id", session.accessKeyId],
        ["aws_secret_access_key", session.secretAccessKey],
        ["aws_session_token", session.sessionToken],
    ];
    if (kind === "config") {
        entries.push(["region", region]);
    }
    return { marker: markerLine(session.expiration), entries };
}
async function writeProfile(file, profileName, content) {
    const before = await readProfileText(file.path);
    const result = writeSection(before, file.kind, profileName, content);
    await replaceFileText(file.path, result.text, file.existed);
    return {
        kind: file.kind,
        path: file.path,
        profileName,
        previous: result.previous,
        separator: result.separator,
        createdFile: !file.existed,
        createdFolders: file.createdFolders,
        writtenFingerprint: fingerprint(result.text),
    };
}
/**
 * Takes the action's section out again: the file comes back byte for byte
 * when nobody else edited it, and otherwise only our section goes. The
 * caller holds the file's lock.
 */
async function undoProfile(profile, now = new Date()) {
    const text = await readProfileText(profile.path).catch(() => undefined);
    if (text === undefined || (text === "" && profile.createdFile)) {
        return "file-gone";
    }
    const untouched = fingerprint(text) === profile.writtenFingerprint;
    const result = removeSection(text, profile.kind, profile.profileName, {
        previous: restorable(profile.previous, now),
        separator: profile.separator,
    });
    if (!result.found) {
        return "section-gone";
    }
    return storeUndone(profile, result.text, untouched);
}
// A section of ours that had expired when it was replaced is what an
// earlier job could not clean up (cancelled runner, cleanup: false): it is
// dropped, not put back. A live one belongs to an earlier step of this job.
function restorable(previous, now) {
    const expiration = previous && markedExpiration(previous);
    return expiration && expiration.getTime() <= now.getTime()
        ? undefined
        : previous;
}
async function storeUndone(profile, text, untouched) {
    if (text === "" && profile.createdFile) {
        await deleteFile(profile.path);
        return "deleted-file";
    }
    await replaceFileText(profile.path, text, true);
    return untouched ? "restored" : "restored-after-other-edits";
}
function parseWrittenProfiles(state) {
    if (state === "") {
        return [];
    }
    const parsed = JSON.parse(state);
    if (!Array.isArray(parsed)) {
        throw new ActionError("The main step left unreadable profile state.");
    }
    return parsed;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(1695);
;// CONCATENATED MODULE: ./src/retry.ts
class AttemptTimeout extends Error {
    name = "AttemptTimeout";
}
// Throttling codes across AWS's protocols; STS itself answers Throttling.
const THROTTLING = new Set([
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
    "PriorRequestNotComplete",
]);
const NETWORK_FAULTS = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "ETIMEDOUT",
    "EPIPE",
    "EAI_AGAIN",
    "ECONNABORTED",
    "EHOSTUNREACH",
    "ENETUNREACH",
]);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
/**
 * Runs one STS call with a bound on each attempt, and tries again only
 * when another attempt can help: throttling, a server fault, a network
 * fault, a timeout, or a clock skew the SDK has just corrected. A mistake
 * of the caller (bad keys, access denied, bad parameter) fails at once.
 */
async function withRetries(settings, clock, report, attempt) {
    for (let number = 1;; number++) {
        try {
            return await boundedAttempt(settings.timeoutMs, attempt);
        }
        catch (error) {
            const verdict = judge(error, number);
            if (!verdict.retry || number >= settings.maxAttempts) {
                throw error;
            }
            const delay = backoff(number);
            report(`Attempt ${number} of ${settings.maxAttempts} failed ` +
                `(${verdict.reason}), next in ${(delay / 1000).toFixed(1)}s.`);
            await clock.sleep(delay);
        }
    }
}
async function boundedAttempt(timeoutMs, attempt) {
    const controller = new AbortController();
    const timer = setTimeout(() => {
        controller.abort(new AttemptTimeout(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    try {
        return await attempt(controller.signal);
    }
    catch (error) {
        throw controller.signal.aborted ? controller.signal.reason : error;
    }
    finally {
        clearTimeout(timer);
    }
}
// Exponential, with jitter so that jobs throttled together do not come
// back together.
function backoff(attempt) {
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
function judge(error, attempt) {
    const code = retry_errorCode(error);
    const status = httpStatus(error);
    const reason = `${code}${status ? `, HTTP ${status}` : ""}`;
    if (error instanceof AttemptTimeout || code === "TimeoutError") {
        return { retry: true, reason: "timed out" };
    }
    if (THROTTLING.has(code) || status === 429) {
        return { retry: true, reason: `throttled: ${reason}` };
    }
    if (status !== undefined && status >= 500) {
        return { retry: true, reason: `server fault: ${reason}` };
    }
    if (NETWORK_FAULTS.has(code)) {
        return { retry: true, reason: `network fault: ${code}` };
    }
    // The SDK has already moved its clock to the server's; once is enough.
    return { retry: attempt === 1 && isClockSkew(error), reason: "clock skew" };
}
function isClockSkew(error) {
    const message = error instanceof Error ? error.message : "";
    return /Signature expired|Signature not yet current|RequestTimeTooSkewed/.test(message);
}
function retry_errorCode(error) {
    if (!(error instanceof Error)) {
        return "Unknown";
    }
    const details = error;
    return typeof details.code === "string" ? details.code : error.name;
}
function httpStatus(error) {
    const metadata = error
        .$metadata;
    const status = metadata?.httpStatusCode;
    return typeof status === "number" ? status : undefined;
}

;// CONCATENATED MODULE: ./src/sts-errors.ts


// Each AWS error code a user can meet, with what it means for this action
// and what to check. Codes are STS's own (see its API reference).
const EXPLAINERS = {
    InvalidClientTokenId: (_facts, { callerSource }) => `AWS does not know the access key id from ${callerSource}. Check that ` +
        "the key is active in IAM, was copied whole, and belongs to this " +
        "partition (aws, aws-cn or aws-us-gov).",
    SignatureDoesNotMatch: (facts, { callerSource }) => facts.message.includes("Signature expired")
        ? "The runner's clock is more than 15 minutes off AWS's time. Sync " +
            "the clock (NTP) on the runner."
        : `The secret access key from ${callerSource} does not match its ` +
            "access key id. Check AWS_SECRET_ACCESS_KEY for a missing or extra " +
            "character.",
    AccessDenied: (facts, { operation }) => explainAccessDenied(facts, operation),
    RegionDisabledException: (_facts, { region }) => `STS is not activated in ${region} for this account. Activate it in ` +
        "IAM account settings, or set aws-region to a region where it is.",
    ExpiredToken: (_facts, { callerSource }) => `The credentials from ${callerSource} have expired. Use an IAM user's ` +
        "long-term access key, which does not expire.",
    ValidationError: () => "STS refused a parameter. Check duration-seconds against the caller: " +
        "900 to 129600 seconds for an IAM user.",
    ECONNREFUSED: (_facts, { endpoint, proxyInUse }) => proxyInUse
        ? `Nothing accepts connections at the proxy ${proxyInUse}. Check ` +
            "http-proxy (or HTTPS_PROXY), or bypass it with no-proxy."
        : `Nothing accepts connections at ${endpoint}. Check ` +
            "AWS_ENDPOINT_URL_STS, and whether the runner needs a proxy " +
            "(http-proxy).",
    ENOTFOUND: (_facts, { endpoint, proxyInUse }) => `The host of ${proxyInUse ?? endpoint} does not resolve. Check ` +
        (proxyInUse ? "http-proxy" : "AWS_ENDPOINT_URL_STS, aws-region") +
        " and the runner's DNS.",
    AttemptTimeout: timedOut,
    TimeoutError: timedOut,
};
function timedOut(_facts, context) {
    const { endpoint, proxyInUse, retry } = context;
    const bound = retry
        ? ` within ${retry.timeoutMs / 1000}s in any of ${retry.maxAttempts} ` +
            "attempts"
        : "";
    const via = proxyInUse ? ` through the proxy ${proxyInUse}` : "";
    return (`${endpoint} did not answer${via}${bound}. Check the network between ` +
        "the runner and STS, http-proxy and no-proxy, or raise " +
        "request-timeout-seconds.");
}
/** Advice for failures that no single error code names. */
function explainByKind(facts, context) {
    const attempts = context.retry?.maxAttempts ?? 1;
    const tries = attempts > 1 ? ` in all ${attempts} attempts` : "";
    const unreadable = facts.message.includes("Deserialization error") ||
        (facts.code === "Unknown" && facts.status !== undefined);
    if (unreadable) {
        return (`The answer from ${context.endpoint} (HTTP ${facts.status ?? "?"}) ` +
            "is not an STS answer: a proxy or firewall in between may have " +
            "answered. Check http-proxy, no-proxy and AWS_ENDPOINT_URL_STS.");
    }
    if (facts.status === 429 || /Throttl|LimitExceeded/.test(facts.code)) {
        return (`STS throttled the calls${tries}. Try again later, or raise ` +
            "retry-max-attempts.");
    }
    if (facts.status !== undefined && facts.status >= 500) {
        return `STS failed on its side${tries}. Try again later.`;
    }
    return "Check the STS endpoint and the caller's permissions.";
}
function explainAccessDenied(facts, operation) {
    if (facts.message.includes("with session credentials")) {
        return ("The caller's credentials are temporary, and GetSessionToken needs " +
            "an IAM user's long-term access key (AKIA…). To act as a role, " +
            "assume it with sts:AssumeRole instead.");
    }
    if (facts.message.includes("verify your MFA serial number")) {
        return ("mfa-serial-number is not an MFA device of this IAM user. Check the " +
            "device's ARN on the user's Security credentials tab.");
    }
    return (`An IAM or organization policy denies sts:${operation} to this ` +
        "user. Allow it, or check the conditions of the policies that apply.");
}
/**
 * Turns whatever the SDK threw into one ActionError that names the AWS
 * error, what it means, and what to check.
 */
function explainStsError(thrown, context) {
    if (thrown instanceof errors/* ActionError */.l) {
        return thrown;
    }
    const facts = readFacts(thrown);
    const explain = EXPLAINERS[facts.code] ?? explainByKind;
    const advice = explain(facts, context);
    const id = facts.requestId ? `, request id ${facts.requestId}` : "";
    const who = facts.status === undefined ? "" : "AWS said ";
    const detail = facts.message.split("\n")[0] || "no message";
    return new errors/* ActionError */.l(`${context.operation} failed: ${advice} (${who}${facts.code}: ` +
        `${detail}${id})`);
}
function readFacts(thrown) {
    if (!(thrown instanceof Error)) {
        return {
            code: "Unknown",
            message: String(thrown),
            requestId: undefined,
            status: undefined,
        };
    }
    const details = thrown;
    return {
        code: retry_errorCode(thrown),
        message: thrown.message,
        requestId: details.$metadata?.requestId,
        status: details.$metadata?.httpStatusCode,
    };
}

;// CONCATENATED MODULE: ./src/sts.ts





function createClient(connection, credentials) {
    const { timeoutMs } = connection.retry;
    return new client_sts_dist_cjs/* STSClient */.iM({
        region: connection.region,
        credentials,
        // Attempts are counted and logged by withRetries, not by the SDK.
        maxAttempts: 1,
        requestHandler: {
            connectionTimeout: timeoutMs,
            requestTimeout: timeoutMs,
            // Without this the SDK only logs a warning when the bound is passed.
            throwOnRequestTimeout: true,
            ...connection.agents,
        },
    });
}
/** Sends one command with retries, reporting each attempt at debug. */
async function send(connection, operation, request) {
    let attempt = 0;
    return withRetries(connection.retry, connection.clock, connection.report, (signal) => {
        attempt += 1;
        (0,core/* debug */.Yz)(`${operation} attempt ${attempt} to ${connection.endpoint}`);
        return request(signal);
    });
}
async function getSessionToken(caller, durationSeconds, connection, mfa) {
    const client = createClient(connection, caller);
    const command = new client_sts_dist_cjs/* GetSessionTokenCommand */.Xo({
        DurationSeconds: durationSeconds,
        SerialNumber: mfa?.serialNumber,
        TokenCode: mfa?.tokenCode,
    });
    try {
        const answer = await send(connection, "GetSessionToken", (abortSignal) => client.send(command, { abortSignal }));
        return readSessionCredentials(answer.Credentials, mfa !== undefined);
    }
    catch (error) {
        throw explainStsError(error, {
            operation: "GetSessionToken",
            ...connection,
            callerSource: caller.source,
        });
    }
    finally {
        client.destroy();
    }
}
function readSessionCredentials(answer, mfaAuthenticated) {
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = answer ?? {};
    if (!AccessKeyId || !SecretAccessKey || !SessionToken || !Expiration) {
        throw new errors/* ActionError */.l("GetSessionToken failed: the answer is not an STS answer (it holds " +
            "no credentials): a proxy or firewall in between may have " +
            "answered. Check http-proxy, no-proxy and AWS_ENDPOINT_URL_STS.");
    }
    return {
        accessKeyId: AccessKeyId,
        secretAccessKey: SecretAccessKey,
        sessionToken: SessionToken,
        expiration: Expiration,
        mfaAuthenticated,
    };
}
async function getCallerIdentity(session, connection) {
    const client = createClient(connection, session);
    const command = new client_sts_dist_cjs/* GetCallerIdentityCommand */.zI({});
    try {
        const answer = await send(connection, "GetCallerIdentity", (abortSignal) => client.send(command, { abortSignal }));
        const { Account, Arn, UserId } = answer;
        if (!Account || !Arn) {
            throw new errors/* ActionError */.l("STS answered GetCallerIdentity without an account or ARN.");
        }
        return { account: Account, arn: Arn, userId: UserId ?? "" };
    }
    catch (error) {
        throw explainStsError(error, {
            operation: "GetCallerIdentity",
            ...connection,
            callerSource: "the new session",
        });
    }
    finally {
        client.destroy();
    }
}
/**
 * Where the SDK will send STS calls: it honours the endpoint variables
 * itself, so this only mirrors its choice, for proxy rules and log lines.
 */
function stsEndpoint(env, region) {
    const override = env.AWS_ENDPOINT_URL_STS?.trim() || env.AWS_ENDPOINT_URL?.trim();
    const domain = region.startsWith("cn-")
        ? "amazonaws.com.cn"
        : "amazonaws.com";
    try {
        return new URL(override || `https://sts.${region}.${domain}`);
    }
    catch {
        throw new errors/* ActionError */.l(`Variable AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL: "${override ?? ""}" ` +
            "is not a URL. Expected an endpoint such as https://sts.us-east-1." +
            "amazonaws.com.");
    }
}

;// CONCATENATED MODULE: ./src/session.ts











/**
 * Everything after the inputs are known to be good: loaded only then, so
 * a bad input fails the step before the AWS SDK is even read from disk.
 */
async function startSession(source, settings, clock) {
    const target = connect(settings, source.env, clock);
    core/* debug */.Yz(`STS endpoint: ${target.endpoint}`);
    core/* debug */.Yz(`Proxy: ${target.proxyInUse ?? "none"}`);
    const caller = await findCaller(source);
    const files = await openProfileFiles(settings.profile);
    let succeeded = false;
    try {
        const session = await requestSession(caller, settings, target);
        const identity = settings.verify
            ? await verifySession(session, settings, target)
            : undefined;
        const profiles = await writeProfiles(files, settings, session);
        try {
            publishSession(session, identity, profiles, settings);
        }
        catch (error) {
            await undoProfiles(profiles);
            throw error;
        }
        warnAboutCompetingDefaults(source, settings, profiles.length > 0);
        if (settings.jobSummary) {
            await writeJobSummary(session, identity, profiles, settings);
        }
        core/* info */.pq(describeOutcome(session, identity, caller, settings));
        succeeded = true;
    }
    finally {
        await closeProfileFiles(files, succeeded);
    }
}
async function writeProfiles(files, settings, session) {
    if (files.length === 0) {
        return [];
    }
    const { profileName } = settings.profile;
    return core/* group */.Os(`Writing profile "${profileName}"`, async () => {
        const written = await writeSessionProfiles(files, profileName, settings.region, session);
        for (const { path } of written) {
            core/* info */.pq(`Wrote profile "${profileName}" to ${path}.`);
        }
        return written;
    });
}
async function findCaller(source) {
    return core/* group */.Os("Finding the caller's long-term keys", async () => {
        const caller = await findCallerCredentials(source.env);
        maskCallerCredentials(caller);
        core/* info */.pq(`Using the long-term keys from ${caller.source}.`);
        return caller;
    });
}
/** Where STS calls go, through which proxy, with what patience. */
function connect(settings, env, clock) {
    const endpoint = stsEndpoint(env, settings.region);
    const proxy = (0,src_proxy/* proxyFor */.iJ)(endpoint, settings.proxy);
    return {
        region: settings.region,
        endpoint: endpoint.origin,
        retry: settings.retry,
        agents: proxy && proxyAgents(proxy),
        proxyInUse: proxy && (0,src_proxy/* describeProxy */.GK)(proxy),
        clock,
        report: (line) => {
            core/* info */.pq(line);
        },
    };
}
async function requestSession(caller, settings, target) {
    const duration = (0,src_duration/* formatDuration */.a)(settings.durationSeconds);
    const { mfa } = settings;
    const call = (code) => getSessionToken(caller, settings.durationSeconds, target, code);
    const title = `Requesting a ${duration} session from STS`;
    return core/* group */.Os(mfa ? `${title} with MFA` : title, async () => {
        const session = mfa
            ? await withMfaCode(mfa, target.clock, core/* info */.pq, call).catch((error) => {
                throw isRefusedCode(error) ? explainRefusedCode(mfa) : error;
            })
            : await call();
        maskSession(session);
        core/* info */.pq(`STS issued a session until ${session.expiration.toISOString()}.`);
        return session;
    });
}
async function verifySession(session, settings, target) {
    return core/* group */.Os("Verifying the session", async () => {
        const identity = await getCallerIdentity(session, target);
        if (settings.maskAccountId) {
            maskAccountId(identity);
        }
        checkAllowedAccount(identity, settings.allowedAccountIds);
        core/* info */.pq(`The session acts as ${identity.arn}.`);
        return identity;
    });
}
function checkAllowedAccount(identity, allowedAccountIds) {
    if (allowedAccountIds.length === 0 ||
        allowedAccountIds.includes(identity.account)) {
        return;
    }
    throw new errors/* ActionError */.l(`The session belongs to account ${identity.account}, which is not in ` +
        `allowed-account-ids (${allowedAccountIds.join(", ")}). Nothing was ` +
        "exported. Check which IAM user's keys the step was given.");
}
/**
 * Later steps must reach the session through one default. Variables the
 * job already sets can compete with the one the action exports: tools
 * disagree on which wins, so say what each will do.
 */
function warnAboutCompetingDefaults(source, settings, profileWritten) {
    const profile = source.env.AWS_PROFILE?.trim();
    if (settings.exportEnv && profile) {
        core/* warning */.$e(`AWS_PROFILE is set to "${profile}" for this job. Later steps using ` +
            "the AWS CLI or boto3 get the session from the exported keys, but " +
            "the AWS SDK for JavaScript reads that profile instead: unset " +
            "AWS_PROFILE in steps that should use the session.");
    }
    if (!settings.exportEnv && profileWritten && source.env.AWS_ACCESS_KEY_ID) {
        core/* info */.pq("Note: if the job, not only this step, sets AWS_ACCESS_KEY_ID, the " +
            "AWS CLI and boto3 in later steps prefer those keys to the " +
            `exported AWS_PROFILE and never use profile ` +
            `"${settings.profile.profileName}": give the IAM user's keys to ` +
            "this step alone (its env:), or use export-env: true.");
    }
}
function describeOutcome(session, identity, caller, settings) {
    const who = identity?.arn ?? `the user of ${caller.source}`;
    const until = session.expiration.toISOString();
    const exported = settings.exportEnv
        ? "exported to later steps"
        : "not exported (export-env: false)";
    return `Session for ${who} valid until ${until}, ${exported}.`;
}


/***/ }),

/***/ 3142:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   defaultProvider: () => (/* binding */ defaultProvider)
/* harmony export */ });
// See stubs/README.md: every STS client of the action gets its credentials
// explicitly, so the SDK's default credential chain is never consulted.
const defaultProvider = () => () =>
  Promise.reject(
    new Error(
      "The default AWS credential chain is not bundled with this action " +
        "(stubs/README.md): pass credentials explicitly.",
    ),
  );


/***/ })

};
