// Drives the real @anthropic-ai/sdk (npm) against ANTHROPIC_BASE_URL: one streamed message, printed as the
// SDK accumulated it. Run with NODE_PATH pointing at the node_modules holding the SDK.
import { createRequire } from "node:module";
const require = createRequire(process.env.NODE_PATH.split(":")[0] + "/");
const { default: Anthropic } = await import(require.resolve("@anthropic-ai/sdk"));
const client = new Anthropic({ baseURL: process.env.ANTHROPIC_BASE_URL, apiKey: process.env.ANTHROPIC_API_KEY ?? "x", maxRetries: 0 });
const stream = client.messages.stream({
  model: "claude-opus-5-5", max_tokens: 256, messages: [{ role: "user", content: "Say hello" }],
});
const final = await stream.finalMessage();
console.log("node-stream", final.stop_reason, JSON.stringify(final.content));
