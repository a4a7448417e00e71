import { expect, test } from "vitest";
import { validateCreatePetRequest } from "./expected/openapi-30/index.js";

// OpenAPI 3.0's schema rules in the generated validator.

const cat = { petType: "Cat", name: "Tom" };

test.each([
  ["a Cat", cat, []],
  ["nullable: name null", { ...cat, name: null }, []],
  ["boolean exclusiveMinimum: age 1", { ...cat, age: 1 }, []],
  ["boolean exclusiveMinimum: age 0 is out", { ...cat, age: 0 }, ["/age"]],
  ["a Dog needs goodBoy", { petType: "Dog", name: "Rex" }, ["/goodBoy"]],
  ["a Dog with goodBoy", { petType: "Dog", name: "Rex", goodBoy: true }, []],
  ["the discriminator without mapping: an unknown schema name", { petType: "Bird", name: "Tweety" }, ["/petType"]],
  ["$ref with siblings: the sibling nullable is ignored", { ...cat, owner: null }, ["/owner"]],
  ["$ref with siblings: the $ref applies", { ...cat, owner: { name: "Ann" } }, []],
] as const)("%s", (_, value, paths) => {
  const result = validateCreatePetRequest(value);
  expect(result.ok ? [] : [...new Set(result.errors.map((e) => e.path))]).toEqual(paths);
});
