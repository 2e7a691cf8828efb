// Shared by the Node drivers: the settings every driver takes from the environment, the module resolver for the
// cached installs (NODE_PATH), and the "ok/FAIL name: detail" lines .ci/check-client-drivers.sh counts.
import { createRequire } from "node:module";

export const BASE = (process.env.GATEWAY_URL || "").replace(/\/+$/, "");
export const KEY = process.env.GATEWAY_KEY || "sk-test";
export const EXPECT_TEXT = process.env.EXPECT_TEXT || "";
if (!BASE) {
  console.log("FAIL setup: set GATEWAY_URL (the gateway, without /v1)");
  process.exit(2);
}
const require = createRequire((process.env.NODE_PATH || "").split(":")[0] + "/");
export const load = async (name) => import(require.resolve(name));

let failures = 0;
export function check(name, ok, detail) {
  console.log((ok ? "ok   " : "FAIL ") + name + ": " + detail);
  if (!ok) failures++;
}
export async function attempt(name, fn) {
  try {
    await fn();
  } catch (e) {
    check(name, false, "threw " + (e && e.stack ? e.stack.split("\n").slice(0, 3).join(" | ") : String(e)));
  }
}
/** The answer text is right: EXPECT_TEXT when set, else any non-empty text. */
export const textOk = (t) => typeof t === "string" && (EXPECT_TEXT ? t === EXPECT_TEXT : t.length > 0);
export function done() {
  process.exit(failures ? 1 : 0);
}
