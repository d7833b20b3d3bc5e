package io.multiws.test.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import io.multiws.annotation.WsEndpoint;
import io.multiws.core.WsListener;
import io.multiws.endpoint.WsArgumentResolver;
import io.multiws.hub.WsRelay;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.util.ClassUtils;

/**
 * The component scan of a {@link WsTest @WsTest}: the endpoints and what they are built
 * with.
 *
 * @author multi-ws team
 */
final class WsTestTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<WsTest> {

	private static final String[] OPTIONAL_INCLUDES = { "org.springframework.boot.jackson.JacksonComponent",
			"tools.jackson.databind.JacksonModule" };

	private static final Set<Class<?>> KNOWN_INCLUDES;

	static {
		Set<Class<?>> includes = new LinkedHashSet<>();
		includes.add(WsEndpoint.class);
		includes.add(WsArgumentResolver.class);
		includes.add(WsListener.class);
		includes.add(WsRelay.class);
		includes.add(Converter.class);
		includes.add(GenericConverter.class);
		for (String optionalInclude : OPTIONAL_INCLUDES) {
			try {
				includes.add(ClassUtils.forName(optionalInclude, null));
			}
			catch (Exception ex) {
				// Ignore
			}
		}
		KNOWN_INCLUDES = Set.copyOf(includes);
	}

	WsTestTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return KNOWN_INCLUDES;
	}

}
