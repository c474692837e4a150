/** The IAM user the loopback STS emulator knows, with fake keys. */
export const TEST_USER = {
  accessKeyId: "AKIAEMULATORCALLER01",
  secretAccessKey: "emulator/caller/secret/0000000000000001",
  account: "111122223333",
  userName: "ci-user",
};

/** The step environment that hands the test user's keys to the action. */
export const TEST_CALLER_ENV = {
  AWS_ACCESS_KEY_ID: TEST_USER.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_USER.secretAccessKey,
};
