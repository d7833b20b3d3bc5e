package io.multiws.benchmarks.jmh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.multiws.core.DefaultWsSession;
import io.multiws.core.WsListener;
import io.multiws.hub.WsHub;
import io.multiws.metrics.MicrometerWsListener;
import io.multiws.observation.ObservationWsListener;
import io.multiws.sample.echo.EchoEndpoint;
import io.multiws.sample.rooms.RoomEndpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.util.Assert;

/**
 * What multi-ws's own instrumentation adds to the hot paths, on in-memory transports:
 * one echo round trip (an inbound text dispatched to the sample's {@code EchoEndpoint},
 * whose reply is written), and one broadcast to a hub of 100 sessions, with writes that
 * complete within the transport's send ({@code at-once}, as Tomcat's when the socket
 * takes them) or after it returned ({@code later}, as Reactor Netty's after the event
 * loop's flush), and with
 * <ul>
 * <li>{@code off}: no listener, as without the Actuator;</li>
 * <li>{@code meters}: the {@code multiws.*} meters on a Prometheus registry (what the
 * sample as shipped pays per message: its observations are per handshake);</li>
 * <li>{@code observations}: the meters plus an observation per inbound message, with
 * Boot's default meter handler as the only handler (no tracer).</li>
 * </ul>
 * Run it with {@code -prof io.multiws.benchmarks.jmh.CpuTimeProfiler} for the CPU time
 * per operation, which a busy machine disturbs less than the score.
 *
 * @author multi-ws team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InstrumentationBenchmark {

	private static final String TEXT = "x".repeat(64);

	private static final int ROOM = 100;

	@Param({ "off", "meters", "observations" })
	public String instrumentation;

	@Param({ "at-once", "later" })
	public String writes;

	private final List<CountingTransport> transports = new ArrayList<>();

	private CountingTransport echoTransport;

	private DefaultWsSession echoSession;

	private WsHub room;

	@Setup(Level.Trial)
	public void openSessions() {
		Map<String, MultiWsRuntime.Endpoint> endpoints = new HashMap<>();
		endpoints.put("echo", new MultiWsRuntime.Endpoint("/echo/{id}", new EchoEndpoint()));
		endpoints.put("rooms", new MultiWsRuntime.Endpoint("/rooms/{room}", new RoomEndpoint()));
		MultiWsRuntime runtime = new MultiWsRuntime(endpoints);
		runtime.hubs().setListener(listener(runtime));
		this.echoTransport = transport();
		this.echoSession = runtime.open("/echo/1", this.echoTransport);
		for (int i = 0; i < ROOM; i++) {
			CountingTransport transport = transport();
			this.transports.add(transport);
			runtime.open("/rooms/bench", transport);
		}
		this.room = runtime.hubs().find("/rooms/bench").orElseThrow();
		Assert.state(this.room.size() == ROOM, "Sessions not all joined");
	}

	private CountingTransport transport() {
		return this.writes.equals("later") ? CountingTransport.completingLater() : new CountingTransport();
	}

	private WsListener listener(MultiWsRuntime runtime) {
		if (this.instrumentation.equals("off")) {
			return WsListener.NONE;
		}
		PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		MicrometerWsListener metrics = new MicrometerWsListener(meters, runtime.mappings());
		if (this.instrumentation.equals("meters")) {
			return metrics;
		}
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		return WsListener.of(List.of(metrics, new ObservationWsListener(observations, null, null, (endpoint) -> true)));
	}

	@Benchmark
	public void echo() {
		this.echoSession.received(TEXT);
		this.echoTransport.complete();
	}

	@Benchmark
	public int broadcastTo100() {
		int delivered = this.room.broadcast(TEXT);
		for (CountingTransport transport : this.transports) {
			transport.complete();
		}
		return delivered;
	}

}
