// Checks that the real @anthropic-ai/sdk reads a streamed answer of the Messages translators (BridgeStandIn).
import { createRequire } from "node:module";
const require = createRequire(process.env.NODE_PATH.split(":")[0] + "/");
const { default: Anthropic } = await import(require.resolve("@anthropic-ai/sdk"));
const client = new Anthropic({ baseURL: process.env.ANTHROPIC_BASE_URL, apiKey: "x", maxRetries: 0 });
const stream = client.messages.stream({
  model: "claude-opus-5-5", max_tokens: 256, thinking: { type: "adaptive" },
  messages: [{ role: "user", content: "Say hello" }],
});
let text = "";
stream.on("text", (t) => { text += t; });
const final = await stream.finalMessage();
const types = final.content.map((b) => b.type).join(",");
const ok = types === "thinking,text" && text === "Hello from the bridge." && final.stop_reason === "end_turn"
  && final.usage.output_tokens === 7 && final.content[0].signature.startsWith("gateway-sha256:");
console.log((ok ? "ok   " : "FAIL ") + "node stream: " + types + " " + JSON.stringify(text) + " " + JSON.stringify(final.usage));
process.exit(ok ? 0 : 1);
