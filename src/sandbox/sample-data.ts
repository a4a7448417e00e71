import type { SandboxData } from "./store.js";

/**
 * The sandbox's data when no `--data` file is given: a few profiles, subscribers and contacts that
 * the seeds' own examples find (the Altcraft batch example's Custom_ID 77 and 88, edna's
 * `any_string`, Pushtech's contact `550aac3da096734ce5000001` of account `my-account`), and that
 * every Altcraft matching mode can find. Format: see store.ts.
 */
export const sampleData: SandboxData = {
  altcraft: {
    databases: [
      {
        db_id: 1,
        profiles: [
          {
            id: "54759eb3c090d83494e2d804",
            fields: {
              _fname: "Olly",
              _lname: "Lambert",
              email: "example@example.com",
              phones: ["+79000000000"],
              Custom_ID: 77,
              CRM_ID: "123420",
              tags: ["tag-1", "tag-2"],
            },
            subscriptions: [
              { channel: "email", email: "example@example.com", resource_id: 2, status: "subscribed", cats: ["category_1"] },
              { channel: "sms", phone: "+79000000000", resource_id: 1, status: "subscribed" },
              { channel: "push", provider: "android-firebase", subscription_id: "a81c264a938b475", resource_id: 1, status: "subscribed" },
            ],
            segments: [1],
          },
          {
            id: "54759eb3c090d83494e2d805",
            fields: { _fname: "Victor", email: "victor@example.com", Custom_ID: 88 },
            subscriptions: [
              { channel: "email", email: "victor.news@example.com", resource_id: 28, status: "subscribed" },
              { channel: "sms", phone: "+79001112233", resource_id: 1, status: "subscribed", custom_fields: { loyalty_card: "LC-1001" } },
            ],
          },
          {
            id: "54759eb3c090d83494e2d806",
            fields: { _fname: "Lala", _lname: "Doe", phones: ["+79005556677"], Custom_ID: 345 },
          },
        ],
      },
      { db_id: 2, profiles: [] },
    ],
  },
  edna: {
    tags: ["old_tag", "vip", "newsletter"],
    subscribers: [
      {
        blacklisted: false,
        addresses: [
          { address: "79997654321", type: "PHONE" },
          { address: "any_string", type: "EXT_USER_ID" },
        ],
        parameterValues: [
          { name: "Name", valueType: "STRING", value: "Tasha" },
          { name: "City", valueType: "STRING", value: "Chicago" },
          { name: "Birthday", valueType: "DATE", value: "1999-12-28" },
        ],
        tagValues: [{ name: "old_tag" }],
      },
      {
        addresses: [{ address: "crm-42", type: "EXT_USER_ID" }],
        parameterValues: [],
        tagValues: [],
      },
    ],
  },
  pushtech: {
    accounts: [
      {
        account_id: "my-account",
        contacts: [
          {
            id: "550aac3da096734ce5000001",
            name_first: "John",
            name_last: "Doe",
            email: "johndoe@example.com",
            phone_countrycode: "44",
            phone_number: "7712345678",
            tags: ["tag1", "tag2"],
            favourite_store: "Madrid",
          },
        ],
      },
    ],
  },
};
