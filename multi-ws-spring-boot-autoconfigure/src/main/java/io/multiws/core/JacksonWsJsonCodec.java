package io.multiws.core;

import java.lang.reflect.Type;

import io.multiws.hub.WsJsonCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link WsJsonCodec} backed by a Jackson 3 {@link JsonMapper}.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class JacksonWsJsonCodec implements WsJsonCodec {

	private final JsonMapper mapper;

	/**
	 * Create a codec.
	 * @param mapper the mapper, usually the application's
	 */
	public JacksonWsJsonCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public String write(Object value) {
		return this.mapper.writeValueAsString(value);
	}

	@Override
	public Object read(String json, Type type) {
		JavaType javaType = this.mapper.constructType(type);
		try {
			return this.mapper.readValue(json, javaType);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot decode JSON as " + javaType + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
