// openai-node (openai 7.x): responses.create plain and streamed against GATEWAY_URL/v1.
import { BASE, KEY, attempt, check, done, load, textOk } from "./common.mjs";

const { default: OpenAI } = await load("openai");
const client = new OpenAI({ baseURL: BASE + "/v1", apiKey: KEY, maxRetries: 0 });
const MODEL = process.env.MODEL || "auto";

await attempt("node responses plain", async () => {
  const r = await client.responses.create({ model: MODEL, input: "Say hello", instructions: "Be brief.", max_output_tokens: 64 });
  check("node responses plain", r.status === "completed" && textOk(r.output_text) && r.id.startsWith("resp_") && r.usage?.total_tokens > 0,
    `${r.status} ${JSON.stringify(r.output_text)} usage=${JSON.stringify(r.usage)}`);
});

await attempt("node responses stream", async () => {
  const stream = await client.responses.create({ model: MODEL, input: "Say hello", stream: true });
  const kinds = [];
  const seq = [];
  let text = "";
  let completed = null;
  for await (const e of stream) {
    kinds.push(e.type);
    seq.push(e.sequence_number);
    if (e.type === "response.output_text.delta") text += e.delta;
    if (e.type === "response.completed") completed = e.response;
  }
  const ordered = seq.every((n, i) => typeof n === "number" && (i === 0 || n > seq[i - 1]));
  check("node responses stream", kinds[0] === "response.created" && kinds.at(-1) === "response.completed" && ordered
    && textOk(text) && completed?.status === "completed",
    `${kinds.length} events ${kinds[0]}..${kinds.at(-1)} text=${JSON.stringify(text)} sequence ordered=${ordered}`);
});

done();
