package io.multiws.autoconfigure;

import io.multiws.core.InvalidWsEndpointException;

/**
 * Thrown at start-up for a {@code multi-ws.*} property that names no endpoint or has a
 * value that cannot work, naming the property so that the failure analysis can say
 * where it was set.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class InvalidWsEndpointPropertyException extends InvalidWsEndpointException {

	private final String property;

	/**
	 * Create a new exception.
	 * @param property the property, or the prefix of the properties, at fault, such as
	 * {@code multi-ws.endpoints.chat.history.size}
	 * @param message what is wrong
	 * @param action what to do about it
	 */
	public InvalidWsEndpointPropertyException(String property, String message, String action) {
		super(message, action);
		this.property = property;
	}

	/**
	 * Return the property, or the prefix of the properties, at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

}
