// Type rules of the openapi-30 feature: nullable is `| null`, a discriminator without mapping uses the schema names.
import { createOpenapi30Client, type CreatePetRequest, type components } from "./expected/openapi-30/index.js";
import { assertType, type Equal } from "../type-assert.js";

const client = createOpenapi30Client();

export const cat: CreatePetRequest = { petType: "Cat", name: null, indoor: true };
export const dog: CreatePetRequest = { petType: "Dog", name: "Rex", age: 3, goodBoy: true, owner: { name: "Ann" } };
void client.createPet(cat);

// @ts-expect-error a Dog needs goodBoy
export const badDog: CreatePetRequest = { petType: "Dog", name: "Rex" };
// @ts-expect-error petType is a schema name (Cat or Dog)
export const bird: CreatePetRequest = { petType: "Bird", name: "Tweety" };
// @ts-expect-error nullable beside $ref is ignored in 3.0: owner is not nullable
export const noOwner: CreatePetRequest = { petType: "Cat", name: "Tom", owner: null };

assertType<Equal<components["schemas"]["PetBase"]["name"], string | null>>();
