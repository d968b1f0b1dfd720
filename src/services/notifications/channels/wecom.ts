// A WeCom (企业微信) group robot: a markdown message POSTed to the webhook URL, whose `key`
// parameter is the robot's only credential (WeCom robots have no signing). WeCom answers
// HTTP 200 even when it refuses; only errcode 0 is acceptance.
import { configured, postJson, shortReference, type ChannelSend } from "./channel";
import { robotAccepted } from "./dingtalk";
import { markdownText } from "../render";

/** WeCom refuses markdown content over 4096 bytes. */
const maxContentBytes = 4096;

export const sendWeCom: ChannelSend = async (message, _recipient, config, options) => {
  const { url } = configured(config, "wecom");
  const footer = `> 通知编号 ${shortReference(options.idempotencyKey)}`;
  const content = `${truncateUtf8(markdownText(message.rendered), maxContentBytes - Buffer.byteLength(footer) - 4)}\n\n${footer}`;
  const body = JSON.stringify({ msgtype: "markdown", markdown: { content } });
  const answer = await postJson(url, body, {}, options.timeoutMs, "WeCom robot");
  robotAccepted("WeCom robot", url, answer);
};

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = "";
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes - 3) break;
    out += char;
    bytes += size;
  }
  return `${out}…`;
}
