/**
 * The slice of Slack's Block Kit this project sends, Slack's limits on it, and
 * a validator that reports every limit a payload breaks. The message builder
 * keeps within these limits; the local receiver rejects what breaks them, as
 * Slack does (400 invalid_payload).
 */

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  messageText: 40000,
} as const;

export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export type Block =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

/** What is POSTed to an incoming webhook. */
export interface SlackMessage {
  /** Notification fallback (mrkdwn, escaped). */
  text: string;
  blocks: Block[];
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

/** Real Block Kit types this project does not send: accepted without detailed checks. */
const OTHER_BLOCK_TYPES = new Set(['actions', 'image', 'rich_text', 'markdown', 'file', 'video', 'input']);

function isTextObject(value: unknown): value is TextObject {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.type === 'plain_text' || v.type === 'mrkdwn') && typeof v.text === 'string' && v.text.length > 0;
}

/** Every Block Kit rule the payload breaks, as short sentences; empty when it is valid. */
export function blockKitProblems(payload: unknown): string[] {
  const problems: string[] = [];
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return ['payload is not a JSON object'];
  const p = payload as Record<string, unknown>;
  const hasText = typeof p.text === 'string' && p.text.trim().length > 0;
  if (p.text !== undefined && typeof p.text !== 'string') problems.push('text must be a string');
  if (typeof p.text === 'string' && p.text.length > SLACK_LIMITS.messageText) problems.push(`text is longer than ${SLACK_LIMITS.messageText} characters`);
  if (p.blocks === undefined) {
    if (!hasText) problems.push('no text and no blocks');
    return problems;
  }
  if (!Array.isArray(p.blocks)) return [...problems, 'blocks must be an array'];
  if (p.blocks.length === 0 && !hasText) problems.push('no text and no blocks');
  if (p.blocks.length > SLACK_LIMITS.blocksPerMessage) problems.push(`${p.blocks.length} blocks (at most ${SLACK_LIMITS.blocksPerMessage})`);
  p.blocks.forEach((raw, i) => {
    const at = `blocks[${i}]`;
    if (typeof raw !== 'object' || raw === null) return problems.push(`${at} is not an object`);
    const block = raw as Record<string, unknown>;
    switch (block.type) {
      case 'header':
        if (!isTextObject(block.text) || block.text.type !== 'plain_text') problems.push(`${at}: a header needs a plain_text text`);
        else if (block.text.text.length > SLACK_LIMITS.headerText) problems.push(`${at}: header text is ${block.text.text.length} characters (at most ${SLACK_LIMITS.headerText})`);
        break;
      case 'section': {
        if (block.text === undefined && block.fields === undefined) problems.push(`${at}: a section needs text or fields`);
        if (block.text !== undefined) {
          if (!isTextObject(block.text)) problems.push(`${at}: section text is not a text object`);
          else if (block.text.text.length > SLACK_LIMITS.sectionText) problems.push(`${at}: section text is ${block.text.text.length} characters (at most ${SLACK_LIMITS.sectionText})`);
        }
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length === 0) problems.push(`${at}: fields must be a non-empty array`);
          else {
            if (block.fields.length > SLACK_LIMITS.sectionFields) problems.push(`${at}: ${block.fields.length} fields (at most ${SLACK_LIMITS.sectionFields})`);
            block.fields.forEach((field, j) => {
              if (!isTextObject(field)) problems.push(`${at}.fields[${j}] is not a text object`);
              else if (field.text.length > SLACK_LIMITS.sectionFieldText) problems.push(`${at}.fields[${j}] is longer than ${SLACK_LIMITS.sectionFieldText} characters`);
            });
          }
        }
        break;
      }
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length === 0) problems.push(`${at}: a context needs elements`);
        else {
          if (block.elements.length > SLACK_LIMITS.contextElements) problems.push(`${at}: ${block.elements.length} context elements (at most ${SLACK_LIMITS.contextElements})`);
          block.elements.forEach((element, j) => {
            if (!isTextObject(element)) problems.push(`${at}.elements[${j}] is not a text object`);
            else if (element.text.length > SLACK_LIMITS.contextText) problems.push(`${at}.elements[${j}] is longer than ${SLACK_LIMITS.contextText} characters`);
          });
        }
        break;
      case 'divider':
        break;
      default:
        if (typeof block.type === 'string' && OTHER_BLOCK_TYPES.has(block.type)) break;
        problems.push(`${at}: unsupported block type ${JSON.stringify(block.type)}`);
    }
    return undefined;
  });
  return problems;
}
