/** `skiff/testing`: call an app in process. */
export { TestClient, TestResponse, type TestRequestOptions } from "./test-client.ts";
