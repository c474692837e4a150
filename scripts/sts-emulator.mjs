/**
 * A loopback stand-in for AWS STS, so tests and the demo can exercise the
 * action through the real AWS SDK without an AWS account or a network. It is
 * a test tool: nothing in dist/ imports it.
 *
 * It speaks the AWS Query protocol (form-encoded POST, XML answers in the
 * 2011-06-15 namespace) and reproduces these AWS behaviours, with AWS's own
 * error codes, statuses and messages:
 *
 *  1. SigV4 verification: the canonical request, string to sign and HMAC
 *     chain are recomputed with the caller's secret. Unknown key ids get
 *     InvalidClientTokenId, wrong signatures SignatureDoesNotMatch, requests
 *     with no Authorization header MissingAuthenticationToken.
 *  2. Clock skew: an x-amz-date more than 15 minutes from the emulator's
 *     clock gets SignatureDoesNotMatch "Signature expired" (past) or
 *     "Signature not yet current" (future).
 *  3. Regions where STS is not activated get RegionDisabledException.
 *  4. GetSessionToken called with session credentials gets AccessDenied.
 *  5. DurationSeconds outside 900..129600 gets ValidationError; absent means
 *     43200; a root user's session is silently cut to 3600. AWS's wording for
 *     a non-integer duration is unconfirmed, so that message is ours.
 *  6. GetSessionToken issues random ASIA session credentials that expire
 *     after the duration, and remembers them so they can sign later calls.
 *  7. GetCallerIdentity names the IAM user (or the account root) for
 *     long-term keys and live sessions. Expired sessions get ExpiredToken; a
 *     session token that is not the one issued gets InvalidClientTokenId.
 *  8. Unknown actions get InvalidAction.
 *  9. MFA on GetSessionToken, for the devices given as mfaDevices, checked
 *     in AWS's order. SerialNumber and TokenCode must come together, or
 *     ValidationError. Both must then fit STS's model (a code of exactly six
 *     digits; a serial of 9 to 256 characters of [\w+=/:,.@-]); every broken
 *     constraint, DurationSeconds' included, is listed in one
 *     ValidationError. A serial that is not one of the caller's devices gets
 *     AccessDenied. So does a code that is not the RFC 6238 code of the
 *     emulator clock's 30-second window or of one window either side, or
 *     that is not newer than the device's last accepted code: a code works
 *     once, as at AWS. A session remembers whether it was made with MFA.
 *     AWS's answer to a lone SerialNumber or TokenCode is unconfirmed, and
 *     so is the order in which it lists several broken constraints, so both
 *     are the emulator's.
 *
 * Anything else (other actions, what an MFA session may do, presigned URLs,
 * policies) is out of scope. A malformed Authorization header gets
 * IncompleteSignature in the emulator's own words.
 *
 * Run directly for manual use: node scripts/sts-emulator.mjs [--port N]
 */

import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { realpathSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath, URLSearchParams } from "node:url";
import { parseArgs } from "node:util";

const STS_VERSION = "2011-06-15";
const XML_NAMESPACE = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;
const ALLOWED_SKEW_MS = 15 * 60 * 1000;
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 129600;
const DEFAULT_DURATION_SECONDS = 43200;
const ROOT_MAX_DURATION_SECONDS = 3600;
const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// AWS writes key ids in the RFC 4648 base32 letters.
const KEY_ID_ALPHABET = BASE32_ALPHABET;
const TOTP_STEP_MS = 30_000;
const TOTP_DIGITS = 6;

// STS's API model constrains these fields; AWS checks them before it looks
// for the device.
const SERIAL_NUMBER_SHAPE = {
  pattern: String.raw`[\w+=/:,.@-]*`,
  minLength: 9,
  maxLength: 256,
};
const TOKEN_CODE_SHAPE = {
  pattern: String.raw`[\d]*`,
  minLength: TOTP_DIGITS,
  maxLength: TOTP_DIGITS,
};

// AWS4-HMAC-SHA256 Credential=KEY/YYYYMMDD/REGION/SERVICE/aws4_request,
// SignedHeaders=a;b;c, Signature=64 hex digits
const AUTHORIZATION_PATTERN = new RegExp(
  [
    String.raw`^AWS4-HMAC-SHA256 Credential=([^/,\s]+)/(\d{8})/`,
    String.raw`([^/,\s]+)/([^/,\s]+)/aws4_request,\s*`,
    String.raw`SignedHeaders=([a-z0-9;_-]+),\s*`,
    String.raw`Signature=([0-9a-f]{64})$`,
  ].join(""),
);

/** @type {StsUser} */
const DEFAULT_USER = {
  accessKeyId: "AKIAEMULATOR0000USER",
  secretAccessKey: "emulator/secret/key/for/tests/only/0000",
  account: "111122223333",
  userName: "ci-user",
};

/**
 * @typedef {object} StsUser
 * @property {string} accessKeyId
 * @property {string} secretAccessKey
 * @property {string} account
 * @property {string} userName
 * @property {boolean} [root] the account owner rather than an IAM user
 *
 * @typedef {object} MfaDevice a virtual MFA device of an IAM user
 * @property {string} serialNumber its ARN, as GetSessionToken names it
 * @property {string} seed the base32 secret the device was set up with
 * @property {string} accessKeyId a long-term key of the user it belongs to
 *
 * @typedef {object} MfaAttempt a code checked against a caller's device
 * @property {string} serialNumber
 * @property {string} code
 * @property {boolean} accepted
 * @property {number} at the emulator's clock when the code was checked
 *
 * @typedef {object} MfaDeviceState
 * @property {StsUser} owner
 * @property {Buffer} secret the decoded seed
 * @property {number} lastAcceptedCounter -1 until a code is accepted
 *
 * @typedef {object} MfaCode
 * @property {string} serialNumber
 * @property {string} code
 *
 * @typedef {object} Violation a broken constraint of STS's API model
 * @property {string} field
 * @property {string | null} value null when the field is missing
 * @property {string} constraint
 *
 * @typedef {object} FieldShape
 * @property {string} pattern
 * @property {number} minLength
 * @property {number} maxLength
 *
 * @typedef {object} RecordedRequest
 * @property {string | undefined} action
 * @property {Record<string, string>} params the form fields
 * @property {string | undefined} accessKeyId
 * @property {string | undefined} region
 * @property {string | undefined} sessionToken
 * @property {import("node:http").IncomingHttpHeaders} headers
 *
 * @typedef {{ status: number, code: string, message: string }
 *   | { status: number, body: string, contentType?: string }
 *   | { stall: true }} Fault
 *
 * @typedef {object} EmulatorOptions
 * @property {StsUser[]} [users]
 * @property {string[]} [disabledRegions]
 * @property {(request: RecordedRequest) => Fault | undefined} [intercept]
 * @property {() => number} [clock] milliseconds since the epoch
 * @property {MfaDevice[]} [mfaDevices]
 * @property {number} [port]
 *
 * @typedef {object} Emulator
 * @property {string} url
 * @property {number} port
 * @property {RecordedRequest[]} requests
 * @property {StsUser[]} users
 * @property {ReadonlyMap<string, Session>} sessions issued, by access key id
 * @property {MfaAttempt[]} mfaLog every code checked against a device
 * @property {() => Promise<void>} close
 *
 * @typedef {object} Session
 * @property {StsUser} user
 * @property {string} accessKeyId
 * @property {string} secretAccessKey
 * @property {string} sessionToken
 * @property {number} expiresAt
 * @property {boolean} mfa whether it was made with an MFA code
 *
 * @typedef {object} Caller
 * @property {StsUser} user
 * @property {string} secretAccessKey
 * @property {Session | undefined} session
 *
 * @typedef {object} State
 * @property {StsUser[]} users
 * @property {string[]} disabledRegions
 * @property {(request: RecordedRequest) => Fault | undefined} intercept
 * @property {() => number} clock
 * @property {RecordedRequest[]} requests
 * @property {Map<string, Session>} sessions
 * @property {Map<string, MfaDeviceState>} devices by serial number
 * @property {MfaAttempt[]} mfaLog
 *
 * @typedef {object} Answer
 * @property {string} action
 * @property {string} result the XML inside the <ActionResult> element
 */

class StsError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * @param {EmulatorOptions} options
 * @returns {Promise<Emulator>}
 */
export async function startStsEmulator(options = {}) {
  const state = initialState(options);
  const server = createServer((req, res) => {
    handleRequest(state, req, res).catch((error) => {
      sendError(state, res, asStsError(error));
    });
  });

  const port = await listen(server, options.port ?? 0);
  const close = once(() => closeServer(server));
  const { users, requests, sessions, mfaLog } = state;
  const url = `http://127.0.0.1:${port}`;
  return { url, port, requests, users, sessions, mfaLog, close };
}

/**
 * The code a virtual MFA device shows at a time (RFC 6238 with SHA-1 and
 * 30-second windows, as AWS uses). Written here rather than taken from an
 * npm library, so the emulator can check the library the action uses.
 *
 * @param {string} seed base32, as the device was set up with
 * @param {number} timeMs milliseconds since the epoch
 */
export function totpCode(seed, timeMs) {
  return codeAt(decodeBase32(seed), Math.floor(timeMs / TOTP_STEP_MS));
}

/**
 * @param {EmulatorOptions} options
 * @returns {State}
 */
function initialState(options) {
  const users = options.users ?? [DEFAULT_USER];
  return {
    users,
    disabledRegions: options.disabledRegions ?? [],
    intercept: options.intercept ?? (() => undefined),
    clock: options.clock ?? Date.now,
    requests: [],
    sessions: new Map(),
    devices: devicesBySerial(options.mfaDevices ?? [], users),
    mfaLog: [],
  };
}

/**
 * A device on an unknown key, a seed that is not base32 or a serial given
 * twice is a mistake in a test's setup: failing at start names it, where a
 * refused code later would hide it.
 *
 * @param {MfaDevice[]} devices
 * @param {StsUser[]} users
 * @returns {Map<string, MfaDeviceState>}
 */
function devicesBySerial(devices, users) {
  const states = new Map(
    devices.map((device) => [device.serialNumber, deviceState(device, users)]),
  );
  if (states.size !== devices.length) {
    throw new Error("Each MFA device needs its own serialNumber");
  }
  return states;
}

/**
 * @param {MfaDevice} device
 * @param {StsUser[]} users
 * @returns {MfaDeviceState}
 */
function deviceState(device, users) {
  const owner = users.find((user) => user.accessKeyId === device.accessKeyId);
  if (!owner) {
    throw new Error(
      `MFA device ${device.serialNumber} belongs to access key id` +
        ` ${device.accessKeyId}, which is no user's; add that user to users`,
    );
  }
  return { owner, secret: decodeBase32(device.seed), lastAcceptedCounter: -1 };
}

/**
 * @param {import("node:http").Server} server
 * @param {number} port
 * @returns {Promise<number>}
 */
function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = /** @type {import("node:net").AddressInfo} */ (
        server.address()
      );
      resolve(address.port);
    });
  });
}

/**
 * Stalled and keep-alive connections would hold close() open for as long
 * as the client waits, so they are cut rather than drained.
 *
 * @param {import("node:http").Server} server
 * @returns {Promise<void>}
 */
function closeServer(server) {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * @template T
 * @param {() => T} action
 * @returns {() => T}
 */
function once(action) {
  /** @type {{ value: T } | undefined} */
  let done;
  return () => {
    done ??= { value: action() };
    return done.value;
  };
}

/**
 * @param {State} state
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
async function handleRequest(state, req, res) {
  const incoming = describeIncoming(req, await readBody(req));
  const request = recordOf(incoming);
  state.requests.push(request);

  const fault = state.intercept(request);
  if (fault !== undefined) {
    answerFault(state, res, fault);
    return;
  }

  try {
    const caller = authenticate(state, incoming);
    sendResult(state, res, runAction(state, request, caller));
  } catch (error) {
    sendError(state, res, asStsError(error));
  }
}

/**
 * @param {import("node:http").IncomingMessage} req
 * @returns {Promise<string>}
 */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The parts of an HTTP request that SigV4 and the Query protocol look at.
 *
 * @param {import("node:http").IncomingMessage} req
 * @param {string} body
 */
function describeIncoming(req, body) {
  const target = req.url ?? "/";
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = queryStart === -1 ? "" : target.slice(queryStart + 1);
  const method = req.method ?? "POST";
  const { headers } = req;
  return { method, path, query, headers, body };
}

/**
 * @param {ReturnType<typeof describeIncoming>} incoming
 * @returns {RecordedRequest}
 */
function recordOf(incoming) {
  const params = Object.fromEntries([
    ...new URLSearchParams(incoming.query),
    ...new URLSearchParams(incoming.body),
  ]);
  const signature = parseAuthorization(incoming.headers.authorization);
  return {
    action: params.Action,
    params,
    accessKeyId: signature?.accessKeyId,
    region: signature?.region,
    sessionToken: headerValue(incoming.headers, "x-amz-security-token"),
    headers: { ...incoming.headers },
  };
}

/**
 * @param {import("node:http").IncomingHttpHeaders} headers
 * @param {string} name
 * @returns {string | undefined}
 */
function headerValue(headers, name) {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** @param {string | undefined} header */
function parseAuthorization(header) {
  const match = AUTHORIZATION_PATTERN.exec(header ?? "");
  if (!match) return undefined;

  // The pattern requires every group, so each one holds a string.
  const [accessKeyId, date, region, service, signedHeaders, signature] =
    /** @type {[string, string, string, string, string, string]} */ (
      match.slice(1)
    );
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: signedHeaders.split(";"),
    signature,
  };
}

/**
 * @param {State} state
 * @param {import("node:http").ServerResponse} res
 * @param {Fault} fault
 */
function answerFault(state, res, fault) {
  // A stall leaves the response open on purpose: the client's timeout, or
  // close(), is what ends it.
  if ("stall" in fault) return;

  if ("code" in fault) {
    sendError(
      state,
      res,
      new StsError(fault.status, fault.code, fault.message),
    );
    return;
  }

  const contentType = fault.contentType ?? "text/plain";
  send(state, res, fault.status, contentType, fault.body);
}

/**
 * @param {State} state
 * @param {ReturnType<typeof describeIncoming>} incoming
 * @returns {Caller}
 */
function authenticate(state, incoming) {
  if (incoming.headers.authorization === undefined) {
    throw new StsError(
      403,
      "MissingAuthenticationToken",
      "Request is missing Authentication Token",
    );
  }

  const signature = parseAuthorization(incoming.headers.authorization);
  const amzDate = headerValue(incoming.headers, "x-amz-date");
  if (!signature || !/^\d{8}T\d{6}Z$/.test(amzDate ?? "")) {
    throw incompleteSignature();
  }

  const sessionToken = headerValue(incoming.headers, "x-amz-security-token");
  const caller = findCaller(state, signature.accessKeyId, sessionToken);
  const expected = expectedSignature(incoming, signature, caller);
  if (expected !== signature.signature) throw signatureDoesNotMatch();

  checkSkew(/** @type {string} */ (amzDate), state.clock());
  checkRegion(state, signature.region, caller.user);
  return caller;
}

function incompleteSignature() {
  return new StsError(
    400,
    "IncompleteSignature",
    "Authorization must be AWS4-HMAC-SHA256 with Credential, SignedHeaders" +
      " and Signature, and the request needs an X-Amz-Date header.",
  );
}

function signatureDoesNotMatch() {
  return new StsError(
    403,
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you" +
      " provided. Check your AWS Secret Access Key and signing method." +
      " Consult the service documentation for details.",
  );
}

function invalidClientTokenId() {
  return new StsError(
    403,
    "InvalidClientTokenId",
    "The security token included in the request is invalid.",
  );
}

/**
 * A session token only ever travels with the key id it was issued with, so
 * a token beside a long-term key id is as invalid as a wrong one.
 *
 * @param {State} state
 * @param {string} accessKeyId
 * @param {string | undefined} sessionToken
 * @returns {Caller}
 */
function findCaller(state, accessKeyId, sessionToken) {
  const session = state.sessions.get(accessKeyId);
  if (session) return checkSession(state, session, sessionToken);

  const user = state.users.find((known) => known.accessKeyId === accessKeyId);
  if (!user || sessionToken !== undefined) throw invalidClientTokenId();
  return { user, secretAccessKey: user.secretAccessKey, session: undefined };
}

/**
 * @param {State} state
 * @param {Session} session
 * @param {string | undefined} sessionToken
 * @returns {Caller}
 */
function checkSession(state, session, sessionToken) {
  if (sessionToken !== session.sessionToken) throw invalidClientTokenId();

  if (state.clock() >= session.expiresAt) {
    throw new StsError(
      403,
      "ExpiredToken",
      "The security token included in the request is expired",
    );
  }

  const { user, secretAccessKey } = session;
  return { user, secretAccessKey, session };
}

/**
 * @param {ReturnType<typeof describeIncoming>} incoming
 * @param {NonNullable<ReturnType<typeof parseAuthorization>>} signature
 * @param {Caller} caller
 */
function expectedSignature(incoming, signature, caller) {
  const { date, region, service } = signature;
  const scope = [date, region, service, "aws4_request"];
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    headerValue(incoming.headers, "x-amz-date"),
    scope.join("/"),
    sha256Hex(canonicalRequest(incoming, signature.signedHeaders)),
  ].join("\n");

  const signingKey = scope.reduce(
    (key, part) => hmac(key, part),
    /** @type {string | Buffer} */ (`AWS4${caller.secretAccessKey}`),
  );
  return hmac(signingKey, stringToSign).toString("hex");
}

/**
 * @param {ReturnType<typeof describeIncoming>} incoming
 * @param {string[]} signedHeaders
 */
function canonicalRequest(incoming, signedHeaders) {
  const headerLines = signedHeaders.map((name) => {
    const value = headerValue(incoming.headers, name) ?? "";
    return `${name}:${value.trim().replace(/\s+/g, " ")}`;
  });

  return [
    incoming.method,
    canonicalPath(incoming.path),
    canonicalQuery(incoming.query),
    ...headerLines,
    "",
    signedHeaders.join(";"),
    payloadHash(incoming),
  ].join("\n");
}

/**
 * Services other than S3 sign the path encoded once more than it is sent.
 *
 * @param {string} path
 */
function canonicalPath(path) {
  return path.split("/").map(uriEncode).join("/");
}

/** @param {string} query */
function canonicalQuery(query) {
  const pairs = query
    .split("&")
    .filter((pair) => pair !== "")
    .map(splitQueryPair)
    .filter(([name]) => name !== "X-Amz-Signature");

  return pairs
    .map(([name, value]) => encodedPair(name, value))
    .sort(([a, x], [b, y]) => compare(a, b) || compare(x, y))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/**
 * @param {string} pair
 * @returns {[string, string]}
 */
function splitQueryPair(pair) {
  const equals = pair.indexOf("=");
  const name = equals === -1 ? pair : pair.slice(0, equals);
  const value = equals === -1 ? "" : pair.slice(equals + 1);
  return [decodeURIComponent(name), decodeURIComponent(value)];
}

/**
 * @param {string} name
 * @param {string} value
 * @returns {[string, string]}
 */
function encodedPair(name, value) {
  return [uriEncode(name), uriEncode(value)];
}

/**
 * The body is hashed even when x-amz-content-sha256 names a hash, so a
 * body changed after signing fails as it would at AWS.
 *
 * @param {ReturnType<typeof describeIncoming>} incoming
 */
function payloadHash(incoming) {
  const claimed = headerValue(incoming.headers, "x-amz-content-sha256");
  return claimed === "UNSIGNED-PAYLOAD" ? claimed : sha256Hex(incoming.body);
}

/**
 * RFC 3986 encoding, which SigV4 requires and encodeURIComponent misses
 * for !'()*.
 *
 * @param {string} text
 */
function uriEncode(text) {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * @param {string} a
 * @param {string} b
 */
function compare(a, b) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** @param {string} text */
function sha256Hex(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * @param {string | Buffer} key
 * @param {string} text
 */
function hmac(key, text) {
  return createHmac("sha256", key).update(text, "utf8").digest();
}

/**
 * @param {string} amzDate when the client signed, as 20261203T120000Z
 * @param {number} now
 */
function checkSkew(amzDate, now) {
  const signedAt = Date.parse(
    amzDate.replace(
      /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
      "$1-$2-$3T$4:$5:$6Z",
    ),
  );

  if (signedAt < now - ALLOWED_SKEW_MS) {
    const claim = `Signature expired: ${amzDate} is now earlier than`;
    throw skewError(claim, now, -1);
  }
  if (signedAt > now + ALLOWED_SKEW_MS) {
    const claim = `Signature not yet current: ${amzDate} is still later than`;
    throw skewError(claim, now, +1);
  }
}

/**
 * @param {string} claim
 * @param {number} now
 * @param {-1 | 1} direction into the past or the future
 */
function skewError(claim, now, direction) {
  const limit = amzDateOf(now + direction * ALLOWED_SKEW_MS);
  const sign = direction < 0 ? "-" : "+";
  return new StsError(
    403,
    "SignatureDoesNotMatch",
    `${claim} ${limit} (${amzDateOf(now)} ${sign} 15 min.)`,
  );
}

/** @param {number} time */
function amzDateOf(time) {
  return isoSeconds(time).replace(/[-:]/g, "");
}

/**
 * AWS writes timestamps to the second, without milliseconds.
 *
 * @param {number} time
 */
function isoSeconds(time) {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * @param {State} state
 * @param {string} region
 * @param {StsUser} user
 */
function checkRegion(state, region, user) {
  if (!state.disabledRegions.includes(region)) return;

  throw new StsError(
    403,
    "RegionDisabledException",
    `STS is not activated in this region for account:${user.account}.` +
      " Your account administrator can activate STS in this region using" +
      " the IAM Console.",
  );
}

/**
 * @param {State} state
 * @param {RecordedRequest} request
 * @param {Caller} caller
 * @returns {Answer}
 */
function runAction(state, request, caller) {
  const version = request.params.Version;
  if (version === STS_VERSION && request.action === "GetSessionToken") {
    return getSessionToken(state, request, caller);
  }
  if (version === STS_VERSION && request.action === "GetCallerIdentity") {
    return getCallerIdentity(caller);
  }

  throw new StsError(
    400,
    "InvalidAction",
    `Could not find operation ${request.action} for version ${version}`,
  );
}

/**
 * @param {State} state
 * @param {RecordedRequest} request
 * @param {Caller} caller
 */
function getSessionToken(state, request, caller) {
  if (caller.session) {
    throw new StsError(
      403,
      "AccessDenied",
      "Cannot call GetSessionToken with session credentials",
    );
  }

  const mfaCode = mfaCodeOf(request.params);
  checkConstraints(request.params);

  const durationSeconds = sessionDuration(
    request.params.DurationSeconds,
    caller.user,
  );
  if (mfaCode) checkMfaCode(state, caller.user, mfaCode);

  const mfa = mfaCode !== undefined;
  const session = issueSession(state, caller.user, durationSeconds, mfa);
  return { action: "GetSessionToken", result: credentialsXml(session) };
}

/**
 * @param {string | undefined} requested
 * @param {StsUser} user
 */
function sessionDuration(requested, user) {
  const durationSeconds =
    requested === undefined ? DEFAULT_DURATION_SECONDS : Number(requested);

  // AWS shortens an account owner's session to one hour instead of
  // refusing the request.
  return user.root
    ? Math.min(durationSeconds, ROOT_MAX_DURATION_SECONDS)
    : durationSeconds;
}

/**
 * @param {Record<string, string | undefined>} params
 * @returns {MfaCode | undefined}
 */
function mfaCodeOf({ SerialNumber, TokenCode }) {
  if (SerialNumber === undefined && TokenCode === undefined) return undefined;

  if (SerialNumber === undefined || TokenCode === undefined) {
    const field = SerialNumber === undefined ? "serialNumber" : "tokenCode";
    const constraint = "Member must not be null";
    throw validationError([{ field, value: null, constraint }]);
  }
  return { serialNumber: SerialNumber, code: TokenCode };
}

/**
 * AWS checks every field before it answers, and lists all that fail.
 *
 * @param {Record<string, string | undefined>} params
 */
function checkConstraints(params) {
  const violations = [
    ...durationViolations(params.DurationSeconds),
    ...shapeViolations(
      "serialNumber",
      params.SerialNumber,
      SERIAL_NUMBER_SHAPE,
    ),
    ...shapeViolations("tokenCode", params.TokenCode, TOKEN_CODE_SHAPE),
  ];
  if (violations.length > 0) throw validationError(violations);
}

/**
 * @param {string | undefined} requested
 * @returns {Violation[]}
 */
function durationViolations(requested) {
  if (requested === undefined) return [];

  /** @param {string} constraint */
  const broken = (constraint) => [
    { field: "durationSeconds", value: requested, constraint },
  ];
  if (!/^-?\d+$/.test(requested)) return broken("Member must be an integer");

  const durationSeconds = Number(requested);
  if (durationSeconds < MIN_DURATION_SECONDS) {
    const limit = `greater than or equal to ${MIN_DURATION_SECONDS}`;
    return broken(`Member must have value ${limit}`);
  }
  if (durationSeconds > MAX_DURATION_SECONDS) {
    const limit = `less than or equal to ${MAX_DURATION_SECONDS}`;
    return broken(`Member must have value ${limit}`);
  }
  return [];
}

/**
 * @param {string} field
 * @param {string | undefined} value
 * @param {FieldShape} shape
 * @returns {Violation[]}
 */
function shapeViolations(field, value, { pattern, minLength, maxLength }) {
  if (value === undefined) return [];

  const constraints = [];
  if (!new RegExp(`^(?:${pattern})$`).test(value)) {
    constraints.push(
      `Member must satisfy regular expression pattern: ${pattern}`,
    );
  }
  const length = [...value].length;
  if (length < minLength) {
    constraints.push(
      `Member must have length greater than or equal to ${minLength}`,
    );
  }
  if (length > maxLength) {
    constraints.push(
      `Member must have length less than or equal to ${maxLength}`,
    );
  }
  return constraints.map((constraint) => ({ field, value, constraint }));
}

/** @param {Violation[]} violations */
function validationError(violations) {
  const count =
    violations.length === 1
      ? "1 validation error"
      : `${violations.length} validation errors`;
  const details = violations.map(describeViolation).join("; ");
  return new StsError(400, "ValidationError", `${count} detected: ${details}`);
}

/** @param {Violation} violation */
function describeViolation({ field, value, constraint }) {
  const shown = value === null ? "null" : `'${value}'`;
  const failed = `at '${field}' failed to satisfy constraint`;
  return `Value ${shown} ${failed}: ${constraint}`;
}

/**
 * @param {State} state
 * @param {StsUser} caller
 * @param {MfaCode} mfaCode
 */
function checkMfaCode(state, caller, { serialNumber, code }) {
  const device = state.devices.get(serialNumber);
  if (!device || !sameIamUser(device.owner, caller)) throw unknownMfaSerial();

  const at = state.clock();
  const counter = acceptableCounter(device, code, at);
  const accepted = counter !== undefined;
  state.mfaLog.push({ serialNumber, code, accepted, at });
  if (!accepted) throw invalidMfaCode();

  device.lastAcceptedCounter = counter;
}

function unknownMfaSerial() {
  return new StsError(
    403,
    "AccessDenied",
    "MultiFactorAuthentication failed, unable to validate MFA code." +
      " Please verify your MFA serial number is valid and associated" +
      " with this user.",
  );
}

function invalidMfaCode() {
  // AWS's message ends with a space.
  return new StsError(
    403,
    "AccessDenied",
    "MultiFactorAuthentication failed with invalid MFA one time pass code. ",
  );
}

/**
 * An IAM user with two access keys is two StsUser entries, and a device
 * belongs to the user, not to one key.
 *
 * @param {StsUser} a
 * @param {StsUser} b
 */
function sameIamUser(a, b) {
  return a.account === b.account && a.userName === b.userName;
}

/**
 * AWS allows for a device clock that drifts by one window either way. Only
 * windows after the last accepted one count, so a code works once and an
 * older code cannot follow a newer one: the replay guard RFC 6238 asks for.
 *
 * @param {MfaDeviceState} device
 * @param {string} code
 * @param {number} now
 */
function acceptableCounter(device, code, now) {
  const current = Math.floor(now / TOTP_STEP_MS);
  return [current - 1, current, current + 1].find(
    (counter) =>
      counter > device.lastAcceptedCounter &&
      codeAt(device.secret, counter) === code,
  );
}

/**
 * RFC 4226's HOTP, which TOTP runs over a count of time windows. Of the 32
 * bits read, the top one is dropped so that every platform reads the same
 * number, signed or not.
 *
 * @param {Buffer} secret
 * @param {number} counter
 */
function codeAt(secret, counter) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac("sha1", secret).update(message).digest();

  const offset = digest.readUInt8(digest.length - 1) & 0x0f;
  const number = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(number % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, "0");
}

/**
 * RFC 4648 base32, read leniently because seeds are copied by hand from
 * consoles that group them with spaces, and some write them in lower case
 * or padded with "=".
 *
 * @param {string} text
 */
function decodeBase32(text) {
  const letters = text.replace(/[\s=]/g, "").toUpperCase();
  if (letters === "") throw new Error("An MFA seed must not be empty");

  const bytes = [];
  let pending = 0;
  let pendingBits = 0;
  for (const letter of letters) {
    const value = BASE32_ALPHABET.indexOf(letter);
    if (value === -1) {
      throw new Error(`An MFA seed must be base32 (A-Z, 2-7), not '${letter}'`);
    }
    // At most 12 bits wait at once, so older ones can be dropped.
    pending = ((pending << 5) | value) & 0xfff;
    pendingBits += 5;
    if (pendingBits >= 8) {
      pendingBits -= 8;
      bytes.push((pending >> pendingBits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/**
 * @param {State} state
 * @param {StsUser} user
 * @param {number} durationSeconds
 * @param {boolean} mfa
 * @returns {Session}
 */
function issueSession(state, user, durationSeconds, mfa) {
  const session = {
    user,
    accessKeyId: `ASIA${randomKeyIdCharacters(16)}`,
    // 30 random bytes make exactly 40 base64 characters, the length of a
    // real secret access key.
    secretAccessKey: randomBytes(30).toString("base64"),
    sessionToken: randomBytes(300).toString("base64"),
    expiresAt: state.clock() + durationSeconds * 1000,
    mfa,
  };
  state.sessions.set(session.accessKeyId, session);
  return session;
}

/** @param {number} count */
function randomKeyIdCharacters(count) {
  // 256 is a multiple of the 32-letter alphabet, so no letter is favoured.
  return [...randomBytes(count)]
    .map((byte) => KEY_ID_ALPHABET[byte % KEY_ID_ALPHABET.length])
    .join("");
}

/** @param {Session} session */
function credentialsXml(session) {
  return markup(
    "Credentials",
    element("AccessKeyId", session.accessKeyId) +
      element("SecretAccessKey", session.secretAccessKey) +
      element("SessionToken", session.sessionToken) +
      element("Expiration", isoSeconds(session.expiresAt)),
  );
}

/**
 * @param {Caller} caller
 * @returns {Answer}
 */
function getCallerIdentity({ user }) {
  const arn = user.root
    ? `arn:aws:iam::${user.account}:root`
    : `arn:aws:iam::${user.account}:user/${user.userName}`;

  const result =
    element("UserId", userIdOf(user)) +
    element("Account", user.account) +
    element("Arn", arn);
  return { action: "GetCallerIdentity", result };
}

/**
 * AWS gives the account owner its account id as user id, and every IAM
 * user a stable AIDA id; hashing the user keeps ours stable across runs.
 *
 * @param {StsUser} user
 */
function userIdOf(user) {
  if (user.root) return user.account;

  const digest = createHash("sha256")
    .update(`${user.account}/${user.userName}`)
    .digest();
  const characters = [...digest.subarray(0, 17)].map(
    (byte) => KEY_ID_ALPHABET[byte % KEY_ID_ALPHABET.length],
  );
  return `AIDA${characters.join("")}`;
}

/**
 * @param {State} state
 * @param {import("node:http").ServerResponse} res
 * @param {Answer} answer
 */
function sendResult(state, res, { action, result }) {
  const requestId = randomUUID();
  const xml =
    `<${action}Response xmlns="${XML_NAMESPACE}">` +
    markup(`${action}Result`, result) +
    markup("ResponseMetadata", element("RequestId", requestId)) +
    `</${action}Response>`;
  send(state, res, 200, "text/xml", xml, requestId);
}

/**
 * @param {State} state
 * @param {import("node:http").ServerResponse} res
 * @param {StsError} error
 */
function sendError(state, res, error) {
  if (res.headersSent) return;

  // AWS blames the caller (Sender) for 4xx answers and itself for 5xx.
  const type = error.status >= 500 ? "Receiver" : "Sender";
  const requestId = randomUUID();
  const details =
    element("Type", type) +
    element("Code", error.code) +
    element("Message", error.message);
  const xml =
    `<ErrorResponse xmlns="${XML_NAMESPACE}">` +
    markup("Error", details) +
    element("RequestId", requestId) +
    "</ErrorResponse>";
  send(state, res, error.status, "text/xml", xml, requestId);
}

/**
 * The Date header follows the emulator's clock, as AWS's follows its own:
 * the SDK reads it to correct a skewed client clock before retrying.
 *
 * @param {State} state
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} contentType
 * @param {string} body
 * @param {string} [requestId]
 */
function send(state, res, status, contentType, body, requestId = randomUUID()) {
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    date: new Date(state.clock()).toUTCString(),
    "x-amzn-requestid": requestId,
  });
  res.end(body);
}

/**
 * @param {string} name
 * @param {string} value plain text, escaped here
 */
function element(name, value) {
  return markup(name, escapeXml(value));
}

/**
 * @param {string} name
 * @param {string} content XML that is already escaped
 */
function markup(name, content) {
  return `<${name}>${content}</${name}>`;
}

/** @param {string} text */
function escapeXml(text) {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/**
 * An emulator bug answers as an AWS internal failure, with the cause in the
 * message, instead of hanging the test that hit it.
 *
 * @param {unknown} error
 */
function asStsError(error) {
  if (error instanceof StsError) return error;

  const detail = error instanceof Error ? error.message : String(error);
  return new StsError(500, "InternalFailure", `sts-emulator failed: ${detail}`);
}

function runsAsScript() {
  const script = process.argv[1];
  if (script === undefined) return false;

  try {
    return (
      realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: "string" } } });
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `--port must be a whole number from 0 to 65535, got ${values.port}`,
    );
  }

  const emulator = await startStsEmulator({ port });
  console.log(`sts-emulator listening on ${emulator.url}`);
  console.log(`default user access key id: ${DEFAULT_USER.accessKeyId}`);

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => void emulator.close());
  }
}

if (runsAsScript()) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
