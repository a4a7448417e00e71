// Type rules of the batch feature: the item type is found at x-batch's items pointer, deep in the body,
// and .all()/.stream() take the body without those items.
import type { BatchReport } from "../../../src/runtime/batch.js";
import { createBatchClient, type BulkImportProfilesItem, type BulkImportProfilesParams, type components } from "./expected/batch/index.js";
import { assertType, type Equal } from "../type-assert.js";

const client = createBatchClient();
// The objects on the way to the items stay (profiles: {}); only the items array is taken out.
const params: BulkImportProfilesParams = { data: { type: "profile-bulk-import-job", attributes: { profiles: {} } } };
const items: BulkImportProfilesItem[] = [{ type: "profile", attributes: { email: "a@example.com" } }];
export const report: Promise<BatchReport> = client.bulkImportProfiles.all(params, items, { maxItems: 2 });
void client.bulkImportProfiles.stream(params, items);
// The plain method still sends one whole body.
void client.bulkImportProfiles({ data: { type: "profile-bulk-import-job", attributes: { profiles: { data: items } } } });

// @ts-expect-error an item needs its attributes
export const badItem: BulkImportProfilesItem = { type: "profile" };

assertType<Equal<BulkImportProfilesItem, components["schemas"]["ProfileItem"]>>();
// The params have no items: profiles.data is what .all() fills in.
assertType<Equal<keyof BulkImportProfilesParams["data"]["attributes"]["profiles"], never>>();
assertType<Equal<keyof BulkImportProfilesParams["data"], "type" | "attributes">>();
