// See stubs/README.md: the proxy agents trace through `debug` only when
// the DEBUG variable names them; the action's log has its own debug lines.
export default function createDebug() {
  const log = () => undefined;
  log.enabled = false;
  log.extend = () => log;
  return log;
}
