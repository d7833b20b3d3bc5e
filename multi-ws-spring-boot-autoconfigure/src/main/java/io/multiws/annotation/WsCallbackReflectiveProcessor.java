package io.multiws.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPayload;
import io.multiws.hub.WsSession;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The AOT processor of the callback annotations, as Spring's
 * {@code MessageMappingReflectiveProcessor} is for {@code @MessageMapping}: registers
 * every callback method for invocation, and the JSON payload and return types, unwrapped
 * from {@code CompletionStage}, {@code Mono} or {@code Flux}, for data binding, so that
 * endpoints keep working in a native image.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsCallbackReflectiveProcessor extends SimpleReflectiveProcessor {

	private static final Set<Class<?>> NOT_BOUND = Set.of(String.class, byte[].class, ByteBuffer.class,
			WsPayload.class, WsSession.class, WsHub.class, WsHandshake.class, WsCloseStatus.class, HttpHeaders.class,
			Principal.class, URI.class, Throwable.class);

	private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

	@Override
	protected void registerMethodHint(ReflectionHints hints, Method method) {
		hints.registerMethod(method, ExecutableMode.INVOKE);
		for (int i = 0; i < method.getParameterCount(); i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			if (!isBoundFromRequest(parameter)) {
				registerBinding(hints, parameter.getGenericParameterType());
			}
		}
		registerBinding(hints, unwrapAsync(ResolvableType.forMethodReturnType(method)));
	}

	private static boolean isBoundFromRequest(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(PathVariable.class)
				|| parameter.hasParameterAnnotation(RequestParam.class)
				|| parameter.hasParameterAnnotation(RequestHeader.class);
	}

	private void registerBinding(ReflectionHints hints, Type type) {
		Class<?> rawType = ResolvableType.forType(type).toClass();
		if (rawType.isPrimitive() || rawType == Object.class || rawType == Void.class
				|| NOT_BOUND.stream().anyMatch((known) -> known.isAssignableFrom(rawType))
				|| rawType.getName().startsWith("org.springframework.")) {
			return;
		}
		this.bindingRegistrar.registerReflectionHints(hints, type);
	}

	private static Type unwrapAsync(ResolvableType returnType) {
		Class<?> rawType = returnType.toClass();
		boolean async = CompletionStage.class.isAssignableFrom(rawType)
				|| ReactiveAdapterRegistry.getSharedInstance().getAdapter(rawType) != null;
		return async ? returnType.getGeneric().getType() : returnType.getType();
	}

}
