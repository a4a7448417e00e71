import { stringify } from "yaml";

/** A small valid spec; tests break one thing in it at a time. */
export function miniSpec(): Record<string, any> {
  return {
    openapi: "3.1.0",
    info: { title: "Mini API", version: "1" },
    servers: [{ url: "https://mini.example/api" }],
    security: [{ keyAuth: [] }],
    paths: {
      "/things/{thing_id}": {
        put: {
          operationId: "updateThing",
          summary: "Update a thing",
          parameters: [{ name: "thing_id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/UpdateThingRequest" } } } },
          responses: {
            "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/UpdateThingResponse" } } } },
          },
        },
      },
    },
    components: {
      securitySchemes: { keyAuth: { type: "apiKey", in: "header", name: "x-key" } },
      schemas: {
        UpdateThingRequest: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string", minLength: 1 }, size: { type: "integer", default: 1 } },
          additionalProperties: false,
        },
        UpdateThingResponse: { type: "object", properties: { id: { type: "string" } } },
      },
    },
  };
}

export const toYaml = (doc: unknown): string => stringify(doc);
