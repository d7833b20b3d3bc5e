/*
 * multi-ws.js: the browser client of multi-ws, an ES module without dependencies.
 * Connects to a hub path, reconnects with capped exponential back-off and jitter,
 * resumes with the last message id (?lastEventId=), surfaces "gap", keeps presence,
 * sends text, JSON and binary, and sends requests with ids and timeouts.
 * Wire protocol (README, "Clients"): "<id>:<payload>" and 8-byte id + payload with
 * message ids; "gap:<id>"; {"presence":"state"|"diff",...}; "?<id>:", "=<id>:", "!<id>:" requests,
 * replies and error replies.
 */
const STOP = (code) => code == 1003 || code == 1008 || (code >= 4000 && code < 5000);
const ENVELOPE = /^([?=!])(\d{1,15}):/;
const MESSAGE = /^(\d+):/;

const error = (name, message, reason) => Object.assign(new Error(message), { name, reason });
const text = (v) => (v == null ? '' : typeof v == 'string' ? v : JSON.stringify(v));

export class MultiWs {
	constructor(path, options = {}) {
		this.options = { timeout: 10000, minDelay: 500, maxDelay: 10000, stop: STOP, ...options };
		const url = new URL(path, location.href);
		url.protocol = url.protocol.replace('http', 'ws');
		this.url = url.href;
		this.lastId = options.lastId ?? null;
		this.members = new Map();
		this.listeners = {};
		this.pending = new Map();
		this.attempts = this.seq = 0;
		this.stopped = false;
		this.open();
	}

	get connected() {
		return this.socket?.readyState == 1;
	}

	on(type, listener) {
		const set = (this.listeners[type] ||= new Set());
		set.add(listener);
		return () => set.delete(listener);
	}

	emit(type, ...args) {
		this.listeners[type]?.forEach((listener) => listener(...args));
	}

	open() {
		const url = new URL(this.url);
		if (this.options.ids && this.lastId != null) url.searchParams.set('lastEventId', this.lastId);
		const ws = (this.socket = new WebSocket(url, this.options.protocols));
		ws.binaryType = 'arraybuffer';
		ws.onopen = () => {
			this.attempts = 0;
			this.emit('open');
		};
		ws.onmessage = (e) => ws == this.socket && this.frame(e.data, ws);
		ws.onclose = (e) => ws == this.socket && this.closed(e);
	}

	closed(e) {
		this.socket = null;
		this.pending.forEach((p) => p.fail(error('ConnectionError', 'Connection closed (' + e.code + ')')));
		this.pending.clear();
		const reconnect = !this.stopped && !this.options.stop(e.code);
		let delay;
		if (reconnect) {
			const { minDelay, maxDelay } = this.options;
			delay = Math.min(maxDelay, minDelay * 2 ** this.attempts++) * (0.5 + Math.random() / 2);
			this.timer = setTimeout(() => this.open(), delay);
		}
		else this.stopped = true;
		this.emit('close', { code: e.code, reason: e.reason, reconnect, delay });
	}

	decode(data) {
		return this.options.json && data !== '' ? JSON.parse(data) : data;
	}

	frame(data, ws) {
		const { ids, replies, presence } = this.options;
		let m;
		if (typeof data != 'string') {
			if (ids) {
				m = new DataView(data).getBigUint64(0).toString();
				data = data.slice(8);
				this.lastId = m;
			}
			return this.emit('message', data, m ?? null);
		}
		if (replies && (m = ENVELOPE.exec(data))) return this.envelope(m[1], +m[2], data.slice(m[0].length), ws);
		if (presence && data.startsWith('{"presence":')) return this.presence(JSON.parse(data));
		if (ids && data.startsWith('gap:')) return this.emit('gap', data.slice(4));
		if (ids && (m = MESSAGE.exec(data))) {
			this.lastId = m[1];
			return this.emit('message', this.decode(data.slice(m[0].length)), m[1]);
		}
		this.emit('message', this.decode(data), null);
	}

	presence(change) {
		const members = this.members;
		if (change.presence == 'state') {
			members.clear();
			change.members.forEach((m) => members.set(m.key, m.metadata));
		}
		else {
			change.leaves.forEach((m) => members.delete(m.key));
			change.joins.forEach((m) => members.set(m.key, m.metadata));
		}
		this.emit('presence', members, change);
	}

	async envelope(kind, id, payload, ws) {
		if (kind == '?') {
			let frame;
			try {
				const handler = this.options.onRequest;
				if (!handler) throw new Error('No request handler');
				frame = '=' + id + ':' + text(await handler(this.decode(payload)));
			}
			catch (e) {
				frame = '!' + id + ':' + (e?.message ?? e);
			}
			// A reply belongs to the connection the request came on
			if (ws == this.socket && ws.readyState == 1) ws.send(frame);
			return;
		}
		const p = this.pending.get(id);
		if (!p) return;
		this.pending.delete(id);
		if (kind == '=') p.done(this.decode(payload));
		else p.fail(error('ReplyError', payload, payload));
	}

	send(data) {
		if (!this.connected) return false;
		const raw = typeof data == 'string' || data instanceof ArrayBuffer || ArrayBuffer.isView(data) || data instanceof Blob;
		this.socket.send(raw ? data : JSON.stringify(data));
		return true;
	}

	request(data, timeout = this.options.timeout) {
		return new Promise((resolve, reject) => {
			if (!this.connected) return reject(error('ConnectionError', 'Not connected'));
			const id = ++this.seq;
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(error('TimeoutError', 'No reply within ' + timeout + ' ms'));
			}, timeout);
			const settle = (f) => (v) => {
				clearTimeout(timer);
				f(v);
			};
			this.pending.set(id, { done: settle(resolve), fail: settle(reject) });
			this.socket.send('?' + id + ':' + text(data));
		});
	}

	close(code = 1000, reason) {
		this.stopped = true;
		clearTimeout(this.timer);
		this.socket?.close(code, reason);
	}
}

export const connect = (path, options) => new MultiWs(path, options);
