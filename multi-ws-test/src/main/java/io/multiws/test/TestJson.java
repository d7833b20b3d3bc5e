package io.multiws.test;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of a test peer: what it sends with {@code sendJson} and how it reads what it
 * received, with the application's {@code JsonMapper} (a default one outside a Spring
 * context). The test peer's own, so that the client side of the test starter needs
 * nothing of the runtime.
 *
 * @author multi-ws team
 */
final class TestJson {

	private final JsonMapper mapper;

	TestJson(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Write a value as JSON text.
	 * @param value the value
	 * @return the JSON text
	 */
	String write(Object value) {
		return this.mapper.writeValueAsString(value);
	}

	/**
	 * Read JSON text as a value of the given type.
	 * @param json the JSON text
	 * @param type the target type
	 * @return the value
	 * @throws IllegalArgumentException if the text does not decode to that type
	 */
	Object read(String json, Type type) {
		JavaType javaType = this.mapper.constructType(type);
		try {
			return this.mapper.readValue(json, javaType);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot decode JSON as " + javaType + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
