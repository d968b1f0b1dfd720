// The log channel (the default): the notification is one structured log line carrying its
// idempotency key. It needs no configuration and always accepts.
import type { Logger } from "pino";
import type { ChannelSend } from "./channel";

export function logChannel(logger: Logger): ChannelSend {
  return async (message, recipient, _config, options) => {
    logger.info(
      {
        notification: {
          key: options.idempotencyKey,
          kind: message.kind,
          recipient,
          title: message.rendered.title,
          payload: message.payload,
        },
      },
      "notification delivered (log channel)",
    );
  };
}
