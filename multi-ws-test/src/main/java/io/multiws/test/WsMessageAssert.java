package io.multiws.test;

import org.assertj.core.api.AbstractByteArrayAssert;
import org.assertj.core.api.AbstractLongAssert;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;

/**
 * AssertJ assertions on a {@link WsMessage}: its id and its payload, apart.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public class WsMessageAssert extends AbstractObjectAssert<WsMessageAssert, WsMessage> {

	WsMessageAssert(WsMessage message) {
		super(message, WsMessageAssert.class);
	}

	/**
	 * Verify the text payload, without the id.
	 * @param payload the expected text
	 * @return this assertion
	 */
	public WsMessageAssert hasPayload(String payload) {
		isNotNull();
		if (!this.actual.isText() || !this.actual.payload().equals(payload)) {
			failWithMessage("Expected the payload '%s' but got %s", payload, this.actual);
		}
		return this;
	}

	/**
	 * Verify the id.
	 * @param id the expected id
	 * @return this assertion
	 */
	public WsMessageAssert hasId(long id) {
		isNotNull();
		if (!this.actual.hasId() || this.actual.id() != id) {
			failWithMessage("Expected the message id %s but got %s", id, this.actual);
		}
		return this;
	}

	/**
	 * Verify that the message carries an id greater than another, such as the id of an
	 * earlier message of the hub.
	 * @param id the id to exceed
	 * @return this assertion
	 */
	public WsMessageAssert hasIdGreaterThan(long id) {
		isNotNull();
		if (!this.actual.hasId() || this.actual.id() <= id) {
			failWithMessage("Expected a message id greater than %s but got %s", id, this.actual);
		}
		return this;
	}

	/**
	 * Verify that the message carries no id: it was sent to one session, or its endpoint
	 * numbers no broadcasts.
	 * @return this assertion
	 */
	public WsMessageAssert hasNoId() {
		isNotNull();
		if (this.actual.hasId()) {
			failWithMessage("Expected a message without id but got %s", this.actual);
		}
		return this;
	}

	/**
	 * Continue with assertions on the id.
	 * @return assertions on the id
	 */
	public AbstractLongAssert<?> id() {
		isNotNull();
		return Assertions.assertThat(this.actual.id()).as("id of %s", this.actual);
	}

	/**
	 * Continue with assertions on the text payload, without the id.
	 * @return assertions on the text
	 */
	public AbstractStringAssert<?> payload() {
		isNotNull();
		return Assertions.assertThat(this.actual.payload()).as("payload of %s", this.actual);
	}

	/**
	 * Continue with assertions on the text payload decoded from JSON.
	 * @param <T> the type
	 * @param type the type
	 * @return assertions on the decoded payload
	 */
	public <T> ObjectAssert<T> payload(Class<T> type) {
		isNotNull();
		return Assertions.assertThat(this.actual.payload(type)).as("%s of %s", type.getSimpleName(), this.actual);
	}

	/**
	 * Continue with assertions on the binary payload, without the id.
	 * @return assertions on the bytes
	 */
	public AbstractByteArrayAssert<?> binaryPayload() {
		isNotNull();
		return Assertions.assertThat(this.actual.binaryPayload()).as("binary payload of %s", this.actual);
	}

}
