package io.multiws.hub;

import java.lang.reflect.Type;

/**
 * Reads and writes JSON payloads: the objects that sessions and hubs send, and the
 * payloads that {@code @OnMessage} methods take as other types than text and bytes. The
 * auto-configuration provides one backed by the application's Jackson
 * {@code JsonMapper}; a bean of this type defined by the application replaces it.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface WsJsonCodec {

	/**
	 * Write a value as JSON text.
	 * @param value the value
	 * @return the JSON text
	 */
	String write(Object value);

	/**
	 * Read JSON text as a value of the given type.
	 * @param json the JSON text
	 * @param type the target type
	 * @return the value
	 * @throws IllegalArgumentException if the text does not decode to that type
	 */
	Object read(String json, Type type);

	/**
	 * A codec for applications without Jackson: every JSON read or write fails with a
	 * message saying what to add.
	 * @return the codec
	 */
	static WsJsonCodec unavailable() {
		return new WsJsonCodec() {

			@Override
			public String write(Object value) {
				throw new IllegalStateException("Cannot send " + value.getClass().getName()
						+ " as JSON: add Jackson (spring-boot-starter-jackson) to the classpath");
			}

			@Override
			public Object read(String json, Type type) {
				throw new IllegalStateException(
						"Cannot decode JSON as " + type + ": add Jackson (spring-boot-starter-jackson) to the classpath");
			}

		};
	}

}
