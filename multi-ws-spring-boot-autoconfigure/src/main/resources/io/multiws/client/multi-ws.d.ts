/**
 * TypeScript declarations of multi-ws.js, the browser client of multi-ws, served with it at
 * /multi-ws/client.d.ts. The wire protocol is described in the README's "Clients" section.
 */

/** What the endpoint does, as configured under multi-ws.endpoints.<name>, and how to reconnect. */
export interface MultiWsOptions {
	/** The endpoint has history.message-ids: decode "<id>:" (8 bytes before binary) and resume with lastEventId. */
	ids?: boolean;
	/** The endpoint has presence.push-diffs: keep `members` from the presence frames. */
	presence?: boolean;
	/** The endpoint has replies.enabled: requests and replies in the "?<id>:", "=<id>:", "!<id>:" envelope. */
	replies?: boolean;
	/** Parse text messages, replies and requests from the server as JSON. */
	json?: boolean;
	/** The last message id seen, to resume from on the first connection (ids only). */
	lastId?: string | null;
	/** Default request timeout in milliseconds (10000). */
	timeout?: number;
	/** First reconnect delay in milliseconds (500), doubled per failed attempt, with jitter. */
	minDelay?: number;
	/** Longest reconnect delay in milliseconds (10000). */
	maxDelay?: number;
	/** WebSocket subprotocols to offer. */
	protocols?: string | string[];
	/** Close codes that stop the client instead of reconnecting (default: 1003, 1008 and 4000-4999). */
	stop?: (code: number) => boolean;
	/** Answers the server's requests: its result (or the promise's) is the reply, a throw the error reply. */
	onRequest?: (data: any) => unknown;
}

/** A close of the connection. */
export interface CloseInfo {
	code: number;
	reason: string;
	/** Whether the client reconnects, after `delay` milliseconds. */
	reconnect: boolean;
	delay?: number;
}

/** A member as presence frames list it: `metadata` and `sessions` only where the view shows them. */
export interface PresenceMember {
	key: string;
	metadata?: Record<string, unknown>;
	sessions?: number;
}

/**
 * A presence frame: the state on join (`truncated` with the full `count` when it lists fewer
 * members), then diffs of the joins and leaves since the last one.
 */
export interface PresenceChange {
	presence: 'state' | 'diff';
	members?: PresenceMember[];
	truncated?: boolean;
	count?: number;
	joins?: PresenceMember[];
	leaves?: { key: string }[];
}

export interface MultiWsEvents {
	open: () => void;
	close: (info: CloseInfo) => void;
	/** A message: text (parsed with `json`) or an ArrayBuffer, with its id (a decimal string) when the endpoint has ids. */
	message: (data: any, id: string | null) => void;
	/** The server could not fill a resume: the kept messages follow, from the id given; reload what you show. */
	gap: (oldestId: string) => void;
	/** Who is here, by key, with their metadata, after a change. */
	presence: (members: Map<string, Record<string, unknown>>, change: PresenceChange) => void;
}

/** Rejections of `request`: `name` is 'TimeoutError', 'ConnectionError' or 'ReplyError' (with the server's `reason`). */
export interface RequestError extends Error {
	name: 'TimeoutError' | 'ConnectionError' | 'ReplyError';
	reason?: string;
}

export declare class MultiWs {
	constructor(path: string, options?: MultiWsOptions);
	/** The WebSocket URL, without lastEventId. */
	readonly url: string;
	/** The id of the last message received, a decimal string (ids only). */
	readonly lastId: string | null;
	/** Who is here (presence only). */
	readonly members: Map<string, Record<string, unknown>>;
	/** Whether the connection is open. */
	readonly connected: boolean;
	/** Listen to an event; returns the function that stops listening. */
	on<K extends keyof MultiWsEvents>(type: K, listener: MultiWsEvents[K]): () => void;
	/** Send text, binary, or any other value as JSON; false if not connected (nothing is queued). */
	send(data: string | ArrayBuffer | ArrayBufferView | Blob | object): boolean;
	/** Send a request; resolves with the reply (parsed with `json`), rejects with a RequestError. */
	request<T = any>(data: unknown, timeout?: number): Promise<T>;
	/** Close for good (no reconnect). */
	close(code?: number, reason?: string): void;
}

/** Connect to a hub path (relative to the page, or a ws:, wss:, http: or https: URL). */
export declare function connect(path: string, options?: MultiWsOptions): MultiWs;
