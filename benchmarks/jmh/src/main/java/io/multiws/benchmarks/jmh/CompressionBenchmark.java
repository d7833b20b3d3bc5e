package io.multiws.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code multi-ws.session.compression} costs per message: permessage-deflate
 * (RFC 7692, raw deflate with context takeover, as the containers negotiate it by default)
 * of one message one way and its inflation the other way, for a small JSON quote and a
 * 4 KiB chat history, against the bytes as they are. The per-connection memory of the
 * deflate and inflate contexts (native zlib state, outside the heap) is measured by the
 * load tool, not here.
 *
 * @author multi-ws team
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompressionBenchmark {

	@Param({ "quote", "history" })
	public String message;

	private byte[] payload;

	private Deflater deflater;

	private Inflater inflater;

	private final byte[] buffer = new byte[64 * 1024];

	@Setup(Level.Trial)
	public void createContexts() {
		this.payload = (this.message.equals("quote") ? quote(0) : history()).getBytes(StandardCharsets.UTF_8);
		this.deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		this.inflater = new Inflater(true);
	}

	@TearDown(Level.Trial)
	public void endContexts() {
		this.deflater.end();
		this.inflater.end();
	}

	@Benchmark
	public byte[] uncompressed() {
		return this.payload.clone();
	}

	@Benchmark
	public int deflateAndInflate() throws DataFormatException {
		this.deflater.setInput(this.payload);
		int compressed = this.deflater.deflate(this.buffer, 0, this.buffer.length, Deflater.SYNC_FLUSH);
		this.inflater.setInput(this.buffer, 0, compressed);
		byte[] inflated = new byte[this.payload.length];
		return this.inflater.inflate(inflated) + compressed;
	}

	private static String quote(int i) {
		return "{\"symbol\":\"ACME\",\"price\":" + (101.25 + i)
				+ ",\"change\":0.35,\"time\":\"2026-12-01T15:00:00Z\"}";
	}

	private static String history() {
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; json.length() < 4096; i++) {
			json.append("{\"user\":\"user-")
				.append(i % 7)
				.append("\",\"text\":\"message number ")
				.append(i)
				.append(" in the room\"},");
		}
		return json.append("{}]").toString();
	}

}
