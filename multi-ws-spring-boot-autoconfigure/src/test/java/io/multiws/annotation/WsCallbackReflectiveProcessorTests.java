package io.multiws.annotation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.web.bind.annotation.PathVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsCallbackReflectiveProcessor}: the hints a native image needs to find
 * and call the callbacks of an endpoint and to bind its JSON payloads and results.
 *
 * @author multi-ws team
 */
class WsCallbackReflectiveProcessorTests {

	private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void registersEveryCallbackForInvocation() {
		register(VotingEndpoint.class);
		for (String callback : List.of("check", "open", "vote", "feed", "close", "error")) {
			assertThat(reflection.onMethodInvocation(VotingEndpoint.class, callback)).as(callback).accepts(this.hints);
		}
		assertThat(reflection.onMethodInvocation(VotingEndpoint.class, "helper")).rejects(this.hints);
	}

	@Test
	void registersJsonPayloadsForBinding() {
		register(VotingEndpoint.class);
		assertThat(reflection.onType(Vote.class)).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Vote.class, "option")).accepts(this.hints);
	}

	@Test
	void registersReturnTypesUnwrappedFromAsyncTypesForBinding() {
		register(VotingEndpoint.class);
		assertThat(reflection.onMethodInvocation(Tally.class, "votes")).as("plain return").accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Welcome.class, "poll")).as("CompletionStage").accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Tick.class, "sequence")).as("Flux").accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Problem.class, "error")).as("Mono").accepts(this.hints);
	}

	@Test
	void doesNotBindParametersResolvedFromTheSessionOrTheRequest() {
		register(VotingEndpoint.class);
		assertThat(reflection.onType(WsHub.class)).rejects(this.hints);
		assertThat(reflection.onType(WsSession.class)).rejects(this.hints);
		assertThat(reflection.onType(PollId.class)).rejects(this.hints);
	}

	@Test
	void aheadOfTimeProcessingOfAContextRegistersTheCallbacksOfItsEndpointBeans() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean("votes", VotingEndpoint.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("com.example", "Aot")), new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			RuntimeHints generated = generation.getRuntimeHints();
			assertThat(reflection.onMethodInvocation(VotingEndpoint.class, "vote")).accepts(generated);
			assertThat(reflection.onMethodInvocation(Vote.class, "option")).accepts(generated);
		}
	}

	private void register(Class<?> type) {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, type);
	}

	@WsEndpoint("/polls/{poll}")
	static class VotingEndpoint {

		@OnHandshake
		boolean check(@PathVariable PollId poll) {
			return true;
		}

		@OnOpen
		CompletionStage<Welcome> open(WsHub hub) {
			return CompletableFuture.completedFuture(new Welcome(hub.path()));
		}

		@OnMessage
		Tally vote(WsSession session, Vote vote) {
			return new Tally(List.of(vote.option()));
		}

		Flux<Tick> helper() {
			return Flux.empty();
		}

		@OnMessage
		Flux<Tick> feed(byte[] request) {
			return Flux.just(new Tick(1));
		}

		@OnClose
		void close() {
		}

		@OnError
		Mono<Problem> error(Throwable error) {
			return Mono.just(new Problem(error.getMessage()));
		}

	}

	record PollId(String value) {

	}

	record Vote(String option) {

	}

	record Tally(List<String> votes) {

	}

	record Welcome(String poll) {

	}

	record Tick(long sequence) {

	}

	record Problem(String error) {

	}

}
