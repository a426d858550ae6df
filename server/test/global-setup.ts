import { prepareTestDatabase } from './db.ts';

export default async function setup() {
  await prepareTestDatabase();
}
