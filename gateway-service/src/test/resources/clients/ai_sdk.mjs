// The Vercel AI SDK (ai 7 + @ai-sdk/openai 4): the default openai(model) calls POST /v1/responses. generateText and
// streamText with one tool (get_weather) and up to 3 steps: step 1 the model calls the tool, step 2 it answers.
import { BASE, KEY, attempt, check, done, load, textOk } from "./common.mjs";

const { generateText, streamText, tool, stepCountIs } = await load("ai");
const { createOpenAI } = await load("@ai-sdk/openai");
const { z } = await load("zod");
const openai = createOpenAI({ baseURL: BASE + "/v1", apiKey: KEY });
const model = openai(process.env.MODEL || "auto");
const calls = [];
const tools = {
  get_weather: tool({
    description: "Current weather for a city",
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => { calls.push(city); return `18C and sunny in ${city}`; },
  }),
};

await attempt("ai-sdk generateText", async () => {
  calls.length = 0;
  const r = await generateText({ model, tools, stopWhen: stepCountIs(3), maxRetries: 0, prompt: "What is the weather in Paris?" });
  const firstCalls = r.steps[0]?.toolCalls?.map((c) => c.toolName) ?? [];
  check("ai-sdk generateText", r.steps.length === 2 && firstCalls.join() === "get_weather" && calls.join() === "Paris" && textOk(r.text),
    `steps=${r.steps.length} toolCalls=${firstCalls} executed=${calls} text=${JSON.stringify(r.text)} finish=${r.finishReason}`);
});

await attempt("ai-sdk streamText", async () => {
  calls.length = 0;
  const r = streamText({ model, tools, stopWhen: stepCountIs(3), maxRetries: 0, prompt: "What is the weather in Paris?",
    onError: ({ error }) => check("ai-sdk streamText error", false, String(error)) });
  let streamed = "";
  for await (const t of r.textStream) streamed += t;
  const steps = await r.steps;
  check("ai-sdk streamText", steps.length === 2 && calls.join() === "Paris" && textOk(streamed) && streamed === (await r.text),
    `steps=${steps.length} executed=${calls} text=${JSON.stringify(streamed)} finish=${await r.finishReason}`);
});

done();
