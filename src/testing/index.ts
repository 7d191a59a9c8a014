/** `skiffjs/testing`: call an app in process. */
export { TestClient, TestResponse, type TestRequestOptions, type TestWebSocketOptions } from "./test-client.ts";
export { WebSocketTestSession } from "./test-session.ts";
export { WebSocketDenied, WebSocketReceiveTimeout } from "../websocket/errors.ts";
