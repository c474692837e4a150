/**
 * The runner hides a value only on lines after its `::add-mask::` line, and
 * only that exact string. Credentials may appear on their own add-mask line
 * and nowhere else, in no common re-encoding either. Values that are masked
 * by choice (an account id) may appear once their add-mask line has passed,
 * since the runner then shows them as ***.
 */
export function findLeaks(
  log: string,
  secrets: readonly (string | undefined)[],
  maskedByChoice: readonly string[] = [],
): string[] {
  const lines = log.split(/\r?\n/);
  const leaks = [...new Set(secrets)].flatMap((secret) =>
    secret === undefined || secret.length < 4
      ? []
      : linesHolding(lines, secret, false),
  );
  return leaks.concat(
    maskedByChoice.flatMap((value) => linesHolding(lines, value, true)),
  );
}

function linesHolding(
  lines: readonly string[],
  secret: string,
  hiddenAfterMask: boolean,
): string[] {
  const maskLine = `::add-mask::${secret}`;
  const maskedAt = lines.indexOf(maskLine);
  const forms = encodings(secret);

  return lines.flatMap((line, index) => {
    // The runner consumes add-mask lines and shows none of them.
    const hidden =
      line.startsWith("::add-mask::") ||
      (hiddenAfterMask && maskedAt !== -1 && index > maskedAt);
    if (hidden) {
      return [];
    }
    return forms.some((form) => line.includes(form))
      ? [`line ${index + 1} shows a secret: ${line.slice(0, 60)}`]
      : [];
  });
}

function encodings(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString("base64"),
    JSON.stringify(secret).slice(1, -1),
  ];
}
