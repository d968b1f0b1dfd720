// Turns an outbox row (kind, payload, recipient) into the words a person reads: a Chinese
// title and text, the same for every channel; each channel only wraps it in its format
// (docs/notifications.md, Message formats). Pure: no I/O, no clock.

export interface NotificationRecipient {
  kind: string;
  code: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface RenderedMessage {
  /** One line: a mail's subject, a robot message's title. */
  title: string;
  /** Plain text lines (mail body, the log). */
  lines: string[];
}

/** The recipient of an outbox row, read leniently: older rows carry `address` instead of email/phone. */
export function recipientOf(value: unknown): NotificationRecipient {
  const record = isRecord(value) ? value : {};
  const address = text(record.address);
  return {
    kind: text(record.kind) ?? "unknown",
    code: text(record.code) ?? "",
    name: text(record.name),
    email: text(record.email) ?? (address?.includes("@") ? address : null),
    phone: text(record.phone) ?? (address && /^\+?[0-9 -]{5,20}$/.test(address) ? address : null),
  };
}

export function renderMessage(kind: string, payload: unknown, recipient: NotificationRecipient): RenderedMessage {
  const p = isRecord(payload) ? payload : {};
  const greeting = `${recipient.name ?? recipient.code}：`;
  const finding = findingLines(p);
  const round = roundLines(p);
  switch (kind) {
    case "finding.reminder": {
      const when =
        p.level === "remind-due" ? "今天是整改期限的最后一天" : `距整改期限还有 ${String(p.level ?? "").replace("remind-", "")} 个工作日`;
      return { title: "【整改提醒】问题整改即将到期", lines: [greeting, `${when}，请按期完成整改并提交整改报告。`, ...finding] };
    }
    case "finding.escalation.L1":
      return {
        title: "【逾期督办 L1】问题整改已逾期",
        lines: [greeting, "以下问题已超过整改期限且未通过验收，现予督办，请督促被检查单位立即整改。", ...finding],
      };
    case "finding.escalation.L2":
      return {
        title: "【逾期督办 L2】问题整改逾期未改",
        lines: [greeting, "以下问题逾期已满 5 个工作日仍未整改到位，报请编办领导督办。", ...finding],
      };
    case "finding.escalation.L3":
      return {
        title: "【移送纪检监察】问题整改逾期未改",
        lines: [greeting, "以下问题逾期已满 10 个工作日仍未整改到位，按规定移送纪检监察机关处理。", ...finding],
      };
    case "finding.review-reminder":
      return { title: "【审核提醒】整改报告待审核", lines: [greeting, "被检查单位已提交整改报告，整改期限已过，请尽快审核。", ...finding] };
    case "finding.issued":
      return {
        title: "【整改通知书】请按期整改",
        lines: [
          greeting,
          "监督检查发现以下问题，请在整改期限内完成整改并提交整改报告。",
          ...finding,
          ...(p.provisional === true ? ["（期限按周末推算，待当年放假调休安排载入后可能调整）"] : []),
        ],
      };
    case "finding.rejected":
      return {
        title: "【整改退回】整改报告未通过审核",
        lines: [
          greeting,
          "您提交的整改报告未通过审核，请继续整改后重新提交。",
          ...finding,
          ...(text(p.reason) ? [`退回理由：${text(p.reason)}`] : []),
        ],
      };
    case "finding.extended":
      return {
        title: "【延期批复】整改期限已延长",
        lines: [greeting, "整改延期申请已批准。", ...finding, ...(text(p.reason) ? [`延期理由：${text(p.reason)}`] : [])],
      };
    case "draw.assignment":
      return {
        title: "【抽查任务通知】您被抽选为检查组成员",
        lines: [greeting, `您已被随机抽选参加检查${p.leader === true ? "，并担任检查组组长" : ""}。`, ...round],
      };
    case "inspection.notice":
      return {
        title: "【检查通知】贵单位被抽选为检查对象",
        lines: [greeting, "根据双随机抽查安排，贵单位被抽选为检查对象，请做好准备。", ...round],
      };
    case "calendar.uncovered-year":
      return {
        title: `【系统提醒】${String(p.year ?? "")} 年放假调休安排尚未载入`,
        lines: [greeting, text(p.message) ?? "请载入该年度放假调休安排。"],
      };
    default:
      return { title: `【通知】${kind}`, lines: [greeting, JSON.stringify(payload)] };
  }
}

/** The text of a message as one string (mail body, log). */
export function plainText(message: RenderedMessage): string {
  return `${message.lines.join("\n")}\n`;
}

/** The message as Markdown (DingTalk, WeCom): the title as a heading, one paragraph per line. */
export function markdownText(message: RenderedMessage): string {
  return [`### ${message.title}`, ...message.lines.map(escapeMarkdown)].join("\n\n");
}

const severities: Record<string, string> = { general: "一般", serious: "较重", urgent: "紧急" };

function findingLines(p: Record<string, unknown>): string[] {
  const out: string[] = [];
  const department = isRecord(p.department) ? text(p.department.name) : null;
  if (department) out.push(`被检查单位：${department}`);
  if (text(p.description)) out.push(`问题：${text(p.description)}`);
  if (text(p.severity)) out.push(`问题等级：${severities[String(p.severity)] ?? String(p.severity)}`);
  const deadline = text(p.dueOn) ?? text(p.deadline);
  if (deadline) out.push(`整改期限：${deadline} 23:59（北京时间）`);
  return out;
}

function roundLines(p: Record<string, unknown>): string[] {
  const out: string[] = [];
  const title = text(p.title);
  const number = text(p.roundNumber);
  if (title || number) out.push(`检查轮次：${[title, number ? `（${number}）` : null].filter(Boolean).join("")}`);
  const department = isRecord(p.department) ? text(p.department.name) : null;
  if (department) out.push(`检查对象：${department}`);
  const startsOn = text(p.startsOn);
  if (startsOn) out.push(`检查时间：${startsOn}${text(p.endsOn) ? ` 至 ${text(p.endsOn)}` : " 起"}`);
  return out;
}

function escapeMarkdown(line: string): string {
  // A leading #, > or - would turn a line of user text into a heading, quote or list.
  return line.replace(/^([#>\-*+])/, "\\$1");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === "string" && value.trim() !== "") return value;
  if (typeof value === "number") return String(value);
  return null;
}
