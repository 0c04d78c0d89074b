// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.collector;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fieldnode.collector.loadtest.NodeSwarm;
import org.fieldnode.collector.loadtest.NodeSwarm.Counts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The collector part's load, in its own JVM so that its heap and threads are not the bench's: {@code --nodes N}
 * simulated DTLS PSK nodes ({@link NodeSwarm}, keys from {@code --keys}) report closed loop to {@code --target}.
 * Its output is the protocol with {@link CollectorScalePart}:
 *
 * <pre>
 * load: running nodes=N                                   the first reports are being sent (ramp)
 * load: window acks=A readings=R errors=E seconds=S       after ramp + warm-up, the measured window
 * (waits for one line on stdin: the bench probes the server meanwhile, with every session still open)
 * load: done sent=S acks=A readings=R errors=E in_flight=I failures={...}   after the drain; then it exits
 * </pre>
 */
@Command(name = "collector-load", description = "Closed-loop simulated nodes against a CoAPS /r resource.")
public final class LoadDriver implements Callable<Integer> {
    private static final Duration DRAIN = Duration.ofSeconds(40);

    @Spec
    private CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "ADDR:PORT")
    private String target;

    @Option(names = "--keys", required = true, paramLabel = "FILE")
    private Path keys;

    @Option(names = "--nodes", required = true)
    private int nodes;

    @Option(names = "--readings", defaultValue = "4")
    private int readings;

    @Option(names = "--ramp", defaultValue = "PT1S", description = "ISO-8601 duration, e.g. PT2S")
    private Duration ramp;

    @Option(names = "--warmup", defaultValue = "PT3S")
    private Duration warmup;

    @Option(names = "--measure", defaultValue = "PT8S")
    private Duration measure;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadDriver()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int colon = target.lastIndexOf(':');
        InetSocketAddress collector = new InetSocketAddress(
                InetAddress.getByName(target.substring(0, colon)), Integer.parseInt(target.substring(colon + 1)));
        try (NodeSwarm swarm = NodeSwarm.start(KeysFile.read(keys, nodes), collector, readings)) {
            swarm.run(ramp);
            out.println("load: running nodes=" + nodes);
            out.flush();
            Thread.sleep(ramp.plus(warmup).toMillis());
            Counts before = swarm.counts();
            long start = System.nanoTime();
            Thread.sleep(measure.toMillis());
            Counts window = swarm.counts().since(before);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.println(String.format(
                    Locale.ROOT,
                    "load: window acks=%d readings=%d errors=%d seconds=%.3f",
                    window.acknowledged(),
                    window.readings(),
                    window.errors(),
                    seconds));
            out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Counts done = swarm.stop(DRAIN);
            out.println("load: done sent=%d acks=%d readings=%d errors=%d in_flight=%d failures=%s"
                    .formatted(
                            done.sent(),
                            done.acknowledged(),
                            done.readings(),
                            done.errors(),
                            done.inFlight(),
                            swarm.failures()));
            out.flush();
        }
        return 0;
    }
}
