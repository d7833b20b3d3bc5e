package io.multiws.benchmarks.load;

/**
 * The sequence check of one member of a fan-out room: every number from 0 up, once and
 * in order, or it counts what was lost and what came twice or out of order. Called on
 * the member's connection's event loop only.
 *
 * @author multi-ws team
 */
final class SequenceCheck {

	private long next;

	private long lost;

	private long duplicated;

	/**
	 * Check a received sequence number.
	 * @param sequence the number
	 */
	void received(long sequence) {
		if (sequence == this.next) {
			this.next++;
		}
		else if (sequence > this.next) {
			this.lost += sequence - this.next;
			this.next = sequence + 1;
		}
		else {
			this.duplicated++;
		}
	}

	/**
	 * Return how many messages this member missed.
	 * @param published how many were published
	 * @return the numbers skipped plus those never received at the end
	 */
	long lost(long published) {
		return this.lost + (published - this.next);
	}

	/**
	 * Return how many messages came twice or out of order.
	 * @return the count
	 */
	long duplicated() {
		return this.duplicated;
	}

}
