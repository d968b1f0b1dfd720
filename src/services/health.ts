// Whether the database answers: the start-up check of `ssj start|serve|worker` and the
// readiness probe (GET /readyz) ask it.
import { pingDatabase, type Db } from "../db/client";

export async function databaseAnswers(db: Db): Promise<void> {
  await pingDatabase(db);
}
