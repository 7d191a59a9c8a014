import { App, t } from "skiffjs";

/** Where the "emails" go; a real app would send them. */
export const sent: string[] = [];

async function sendNotification(email: string, message: string): Promise<void> {
  sent.push(`notification for ${email}: ${message}`);
}

export const app = new App().post("/send-notification/{email}", { query: { q: t.Optional(t.String()) } }, ({ path, query, background }) => {
  // Runs after the response is sent: the client does not wait for it.
  background.add(sendNotification, path.email, "some notification");
  if (query.q) background.add(sendNotification, path.email, `found query: ${query.q}`);
  return { message: "Notification sent in the background" };
});
