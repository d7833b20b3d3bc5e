package io.multiws.features;

/**
 * The ids of one {@link HubHistory}: numbered here, or taken from the shared store of a
 * cluster.
 * <p>
 * Ids numbered here start at the creation time of the history in milliseconds times 1000
 * and grow by one per broadcast, so that the ids of a history created after a restart are
 * above those of the previous one and a resume across a restart is answered with a gap,
 * never with wrong messages. With a {@link SharedHistory}, the ids come from the shared
 * store; when it cannot be reached, broadcasts are numbered here again, after a jump of
 * {@value #LOCAL_ID_JUMP} ids, so that an id handed out while cut off is never taken for
 * one of the cluster's: a client that resumes with it elsewhere is answered with a gap.
 * <p>
 * Not thread-safe: every method runs under the lock of the history that owns it.
 *
 * @author multi-ws team
 */
final class HistoryIds {

	/**
	 * How far ids jump when a shared history falls back to numbering on its own.
	 */
	static final long LOCAL_ID_JUMP = 1_000_000_000L;

	private long last;

	private boolean numberedHere = true;

	private long sharedPosition;

	private boolean primed;

	/**
	 * Start numbering here.
	 * @param millis the creation time of the history, in milliseconds
	 */
	HistoryIds(long millis) {
		this.last = millis * 1000;
	}

	/**
	 * Number a broadcast here.
	 * @return its id
	 */
	long next() {
		if (!this.numberedHere) {
			this.numberedHere = true;
			this.last += LOCAL_ID_JUMP;
		}
		return ++this.last;
	}

	/**
	 * Take an id that the shared store gave, unless it was seen already.
	 * @param id the id
	 * @return what the id means for the broadcasts kept so far
	 */
	Taken take(long id) {
		Taken taken;
		if (this.numberedHere) {
			// Back from numbering on its own: the ids handed out meanwhile are not the cluster's
			this.numberedHere = false;
			taken = Taken.AFTER_LOCAL;
		}
		else if (id <= this.last) {
			return Taken.SEEN;
		}
		// 0: primed from a store that had numbered nothing yet, so nothing came before
		else if (this.last != 0 && id != this.last + 1) {
			taken = Taken.AFTER_HOLE;
		}
		else {
			taken = Taken.NEXT;
		}
		this.last = id;
		this.sharedPosition = id;
		return taken;
	}

	/**
	 * Continue from the shared store's last id, unless primed from a later read already.
	 * @param lastId the store's last id, {@code 0} if it has none
	 * @return whether the history is to be primed
	 */
	boolean prime(long lastId) {
		if (this.primed && lastId <= this.last) {
			// Primed meanwhile from a later read of the store
			return false;
		}
		this.numberedHere = false;
		this.last = lastId;
		this.sharedPosition = lastId;
		this.primed = true;
		return true;
	}

	long last() {
		return this.last;
	}

	boolean isNumberedHere() {
		return this.numberedHere;
	}

	boolean isPrimed() {
		return this.primed;
	}

	long sharedPosition() {
		return this.sharedPosition;
	}

	/**
	 * What an id taken from the shared store means for the broadcasts kept so far.
	 */
	enum Taken {

		/**
		 * The next id: keep it with the others.
		 */
		NEXT,

		/**
		 * An id seen already: ignore the broadcast.
		 */
		SEEN,

		/**
		 * The first id after numbering here: what was kept has ids that are not the
		 * cluster's.
		 */
		AFTER_LOCAL,

		/**
		 * An id after a hole (broadcasts trimmed from the store before this instance
		 * read them): what was kept cannot be resumed from.
		 */
		AFTER_HOLE

	}

}
