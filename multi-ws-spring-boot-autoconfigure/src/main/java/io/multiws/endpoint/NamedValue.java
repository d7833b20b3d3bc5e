package io.multiws.endpoint;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.http.HttpHeaders;
import org.springframework.util.ClassUtils;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;

/**
 * A callback parameter bound to a value of the upgrade request ({@code @PathVariable},
 * {@code @RequestParam}, {@code @RequestHeader}), resolved with the semantics of Spring
 * MVC's {@code AbstractNamedValueMethodArgumentResolver}: a missing value takes the
 * default, is {@code null} (or {@code Optional.empty()}) when not required, and is an
 * error when required; an empty value takes the default; a value that does not convert
 * is an error. Errors carry the message Spring MVC gives for a controller.
 *
 * @author multi-ws team
 */
final class NamedValue {

	private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

	private final Kind kind;

	private final String name;

	private final boolean required;

	private final @Nullable String defaultValue;

	private final MethodParameter parameter;

	private final TypeDescriptor target;

	private final ConversionService conversionService;

	private NamedValue(Kind kind, String name, boolean required, @Nullable String defaultValue,
			MethodParameter parameter, ConversionService conversionService) {
		this.kind = kind;
		this.name = name;
		this.required = required && defaultValue == null && !parameter.isOptional();
		this.defaultValue = defaultValue;
		this.parameter = parameter;
		this.target = new TypeDescriptor(parameter);
		this.conversionService = conversionService;
	}

	/**
	 * Return the named value of a parameter, checked for what can be known at start-up.
	 * @param parameter the parameter
	 * @param conversionService the conversion service
	 * @return the named value, or {@code null} if the parameter is not bound to one value
	 * of the request (no annotation, or a {@code @PathVariable Map})
	 * @throws IllegalArgumentException if the parameter can never be resolved
	 */
	static @Nullable NamedValue of(MethodParameter parameter, ConversionService conversionService) {
		NamedValue value = create(parameter, conversionService);
		if (value != null) {
			value.check();
		}
		return value;
	}

	private static @Nullable NamedValue create(MethodParameter parameter, ConversionService conversionService) {
		PathVariable pathVariable = StandardArgumentResolvers.annotation(parameter, PathVariable.class);
		if (pathVariable != null) {
			return (parameter.getParameterType() != Map.class) ? new NamedValue(Kind.PATH_VARIABLE,
					StandardArgumentResolvers.nameOf(parameter, pathVariable.name()), pathVariable.required(), null,
					parameter, conversionService) : null;
		}
		RequestParam requestParam = StandardArgumentResolvers.annotation(parameter, RequestParam.class);
		if (requestParam != null) {
			return new NamedValue(Kind.REQUEST_PARAM, StandardArgumentResolvers.nameOf(parameter, requestParam.name()),
					requestParam.required(), defaultOf(requestParam.defaultValue()), parameter, conversionService);
		}
		RequestHeader requestHeader = StandardArgumentResolvers.annotation(parameter, RequestHeader.class);
		if (requestHeader != null) {
			return new NamedValue(Kind.REQUEST_HEADER,
					StandardArgumentResolvers.nameOf(parameter, requestHeader.name()), requestHeader.required(),
					defaultOf(requestHeader.defaultValue()), parameter, conversionService);
		}
		return null;
	}

	private static @Nullable String defaultOf(String annotated) {
		return ValueConstants.DEFAULT_NONE.equals(annotated) ? null : annotated;
	}

	private void check() {
		Class<?> type = nestedType();
		if (type.isPrimitive() && type != boolean.class && !this.required && this.defaultValue == null) {
			String wrapper = ClassUtils.resolvePrimitiveIfNecessary(type).getSimpleName();
			throw new IllegalArgumentException(this.kind.annotation + " '" + this.name + "' of primitive type " + type
					+ " is not required and has no defaultValue, so it may have no value: give it a defaultValue, "
					+ "or declare it as " + wrapper + " or Optional");
		}
		if (!this.conversionService.canConvert(STRING, this.target)) {
			throw new IllegalArgumentException(
					this.kind.annotation + " '" + this.name + "': no converter from String to " + this.target);
		}
	}

	/**
	 * Whether a request can make this value fail: it is required, or it needs a
	 * conversion that may not succeed. Only those are checked before the upgrade.
	 * @return {@code true} if resolving it may fail
	 */
	boolean mayFail() {
		return this.required || (this.target.getObjectType() != String.class
				&& !(this.target.getObjectType() == Optional.class && nestedType() == String.class));
	}

	/**
	 * Resolve the value from an upgrade request.
	 * @param variables the path variables
	 * @param parameters the decoded query parameters
	 * @param headers the request headers
	 * @return the argument, possibly {@code null}
	 * @throws WsArgumentException if the value is required and missing, or does not
	 * convert
	 */
	@Nullable Object resolve(Map<String, String> variables, MultiValueMap<String, String> parameters,
			HttpHeaders headers) {
		Object raw = switch (this.kind) {
			case PATH_VARIABLE -> variables.get(this.name);
			case REQUEST_PARAM -> single(parameters.get(this.name));
			case REQUEST_HEADER -> single(headers.get(this.name));
		};
		if (raw == null || "".equals(raw)) {
			raw = (this.defaultValue != null) ? this.defaultValue : raw;
			if (raw == null && this.required) {
				throw missing(false);
			}
		}
		Object value = convert(raw);
		if (value == null && this.required) {
			throw missing(true);
		}
		return (value == null && nestedType() == boolean.class) ? Boolean.FALSE : value;
	}

	/**
	 * A single value as itself, several as an array, as Spring MVC passes them to the
	 * conversion service ({@code "a,b"} for a {@code String}, both for a {@code List}).
	 */
	private static @Nullable Object single(@Nullable List<String> values) {
		if (values == null || values.isEmpty()) {
			return null;
		}
		return (values.size() == 1) ? values.get(0) : values.toArray(String[]::new);
	}

	private @Nullable Object convert(@Nullable Object raw) {
		if (raw != null && this.target.getType().isInstance(raw)) {
			return raw;
		}
		TypeDescriptor source = (raw == null || raw instanceof String) ? STRING : TypeDescriptor.forObject(raw);
		try {
			return this.conversionService.convert(raw, source, this.target);
		}
		catch (ConversionException ex) {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
			throw new WsArgumentException("Method parameter '" + this.name + "': Failed to convert value of type '"
					+ ClassUtils.getDescriptiveType(raw) + "' to required type '"
					+ ClassUtils.getQualifiedName(this.parameter.getParameterType()) + "'"
					+ ((cause != ex && cause.getMessage() != null) ? "; " + cause.getMessage() : ""));
		}
	}

	private WsArgumentException missing(boolean afterConversion) {
		return new WsArgumentException("Required " + this.kind.description + " '" + this.name
				+ "' for method parameter type " + nestedType().getSimpleName() + " is "
				+ (afterConversion ? "present but converted to null" : "not present"));
	}

	private Class<?> nestedType() {
		return this.parameter.nestedIfOptional().getNestedParameterType();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || other instanceof NamedValue that && this.kind == that.kind
				&& this.name.equals(that.name) && this.required == that.required
				&& Objects.equals(this.defaultValue, that.defaultValue) && this.target.equals(that.target);
	}

	@Override
	public int hashCode() {
		return this.kind.hashCode() * 31 + this.name.hashCode();
	}

	@Override
	public String toString() {
		return this.kind.annotation + " '" + this.name + "' " + this.target;
	}

	private enum Kind {

		PATH_VARIABLE("@PathVariable", "URI template variable"), REQUEST_PARAM("@RequestParam", "request parameter"),
		REQUEST_HEADER("@RequestHeader", "request header");

		private final String annotation;

		private final String description;

		Kind(String annotation, String description) {
			this.annotation = annotation;
			this.description = description;
		}

	}

}
