// The OpenAI Agents SDK (@openai/agents 0.20, Responses API by default): a two-step tool-using agent. Tracing is
// disabled: it would export spans to the vendor's endpoint, which a gateway user must not depend on.
import { BASE, KEY, attempt, check, done, load, textOk } from "./common.mjs";

const { Agent, run, tool, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled } = await load("@openai/agents");
const { default: OpenAI } = await load("openai");
const { z } = await load("zod");
setTracingDisabled(true);
setOpenAIAPI("responses");
setDefaultOpenAIClient(new OpenAI({ baseURL: BASE + "/v1", apiKey: KEY, maxRetries: 0 }));

const calls = [];
const getWeather = tool({
  name: "get_weather",
  description: "Current weather for a city",
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => { calls.push(city); return `18C and sunny in ${city}`; },
});
const agent = new Agent({ name: "weather", instructions: "Answer with the tool's result.", model: process.env.MODEL || "auto",
  tools: [getWeather] });

await attempt("agents-sdk run", async () => {
  const result = await run(agent, "What is the weather in Paris?", { maxTurns: 4 });
  const kinds = result.newItems.map((i) => i.type);
  check("agents-sdk run", calls.join() === "Paris" && kinds.includes("tool_call_item") && kinds.includes("tool_call_output_item")
    && textOk(result.finalOutput), `items=${kinds} executed=${calls} final=${JSON.stringify(result.finalOutput)}`);
});

done();
