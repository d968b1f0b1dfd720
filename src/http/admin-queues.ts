// bull-board at /admin/queues: the queues as an admin sees them in a browser. The guard is in
// access.ts (adminPages): HTTP basic auth whose password is an admin's bearer token.
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";

type ServerAdapter = Parameters<typeof createBullBoard>[0]["serverAdapter"];

export const adminQueuesPath = "/admin/queues";

export async function registerAdminQueues(app: FastifyInstance, queues: readonly Queue[]): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(adminQueuesPath);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    // @bull-board/fastify 9.10.1 pins its own @bull-board/api 9.10.1, whose private fields make
    // the (identical) adapter interface nominally different from 9.10.2's.
    serverAdapter: serverAdapter as unknown as ServerAdapter,
    options: { uiConfig: { boardTitle: "shuangsuiji 队列" } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: adminQueuesPath });
}
