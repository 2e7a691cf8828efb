// @anthropic-ai/sdk: messages.stream against GATEWAY_URL (no /v1: the SDK adds it). It sends the key as a bearer token.
import { BASE, KEY, attempt, check, done, load, textOk } from "./common.mjs";

const { default: Anthropic } = await load("@anthropic-ai/sdk");
const client = new Anthropic({ baseURL: BASE, apiKey: KEY, maxRetries: 0 });

await attempt("node messages stream", async () => {
  const stream = client.messages.stream({ model: process.env.MODEL || "claude-sonnet-4-5", max_tokens: 256,
    messages: [{ role: "user", content: "Say hello" }] });
  let text = "";
  const events = [];
  stream.on("text", (t) => { text += t; });
  stream.on("streamEvent", (e) => events.push(e.type));
  const final = await stream.finalMessage();
  const last = final.content.at(-1);
  const signed = final.content.filter((b) => b.type === "thinking").every((b) => b.signature?.length > 0);
  check("node messages stream", events[0] === "message_start" && events.at(-1) === "message_stop" && last?.type === "text"
    && textOk(text) && last.text === text && final.stop_reason === "end_turn" && final.usage.output_tokens > 0 && signed,
    `${events.length} events ${final.content.map((b) => b.type)} ${JSON.stringify(text)} ${final.stop_reason} ${JSON.stringify(final.usage)}`);
});

done();
