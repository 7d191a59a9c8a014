// Prints a password hash for users.json:  npx tsx examples/chat/hash-password.ts 'my password'
import { hashPassword } from "./users.ts";

const password = process.argv[2];
if (!password) {
  process.stderr.write("usage: npx tsx examples/chat/hash-password.ts PASSWORD\n");
  process.exit(2);
}
process.stdout.write(`${await hashPassword(password)}\n`);
