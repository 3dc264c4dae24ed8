/**
 * The conversation's side of the worker host: what each batch carries of the API server's
 * conversation, and the answers to the Requests view's queries. The host reads the log the API server
 * keeps; nothing here touches the cluster.
 */
import type { ConversationLog } from '../sim/api/conversation/recorder';
import { query } from '../sim/api/conversation/filter';
import { requestDetailModule } from '../sim/api/conversation/lazy';
import type { Endpoints, ServerLookups } from '../sim/api/conversation/detail';
import { CONVERSATION_PER_BATCH } from './protocol';
import type { ConversationEntry, ConversationFilter, FromWorker, RequestDetail, StepStory } from './protocol';

/** How many entries a `conversation` query answers with when it names no limit. */
export const CONVERSATION_QUERY_LIMIT = 500;

type BatchConversation = { entries: ConversationEntry[]; steps: StepStory[]; dropped: number };

export class ConversationFeed {
  /** the next seq to send */
  private sent: number;

  constructor(private readonly log: ConversationLog) {
    this.sent = log.next;
  }

  /** Entries since the last batch (on `reset`, the newest), at most CONVERSATION_PER_BATCH, newest kept. */
  delta(reset: boolean): BatchConversation | undefined {
    const log = this.log;
    const from = reset ? log.oldest : Math.max(this.sent, log.oldest);
    const lost = reset ? 0 : from - this.sent;
    const end = log.next;
    this.sent = end;
    if (end <= from) return undefined;
    const start = Math.max(from, end - CONVERSATION_PER_BATCH);
    // Copies: an entry's fanout goes on growing in the log after the batch has gone.
    const entries = log.slice(start, end).map((e) => ({ ...e }));
    return { entries, steps: log.stories(entries), dropped: lost + (start - from) };
  }

  /** What the last step (a clock event, or a user's action) did, if it said anything to the API server. */
  last(): StepStory | undefined {
    return this.log.story(this.log.step);
  }

  answer(id: number, filter: ConversationFilter, beforeSeq: number | undefined, limit: number | undefined): Extract<FromWorker, { type: 'conversation' }> {
    const entries = query(this.log.newestFirst(beforeSeq), filter, Math.max(0, limit ?? CONVERSATION_QUERY_LIMIT), (seq) => this.log.at(seq)).map((e) => ({ ...e }));
    return { type: 'conversation', id, entries, steps: this.log.stories(entries), oldestSeq: this.log.oldest };
  }

  detail(id: number, seq: number, ep: Endpoints, server?: ServerLookups): Extract<FromWorker, { type: 'requestDetail' }> {
    const r = requestDetailModule().requestDetail(this.log, seq, ep, server);
    return 'error' in r ? { type: 'requestDetail', id, error: r.error } : { type: 'requestDetail', id, detail: structuredCloneDetail(r.detail) };
  }
}

/** The detail with copies of its entries (they keep changing in the log). */
function structuredCloneDetail(d: RequestDetail): RequestDetail {
  return { ...d, entry: { ...d.entry, ...(d.entry.etcd ? { etcd: [...d.entry.etcd] } : {}) }, fanout: d.fanout.map((w) => ({ ...w })) };
}
