// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * The LwM2M Connectivity Monitoring object (4, instance 0), served only where the node knows its link: the interface
 * its route to the server leaves from is Ethernet or WLAN (Linux sysfs: {@code /sys/class/net/IF/wireless} marks a
 * WLAN, {@code type} 1 an Ethernet-framed one). A modem's bearer (GSM, LTE, NB-IoT) is not known to the node, so
 * behind one the object is absent rather than wrong.
 *
 * <pre>
 * 0 Network Bearer            21 WLAN or 41 Ethernet
 * 1 Available Network Bearer  the same, one instance
 * 2 Radio Signal Strength     WLAN only: the level of /proc/net/wireless, in dBm
 * 4 IP Addresses              the interface's addresses
 * </pre>
 */
final class ConnectivityInstance extends BaseInstanceEnabler {
    static final int NETWORK_BEARER = 0;
    static final int AVAILABLE_BEARERS = 1;
    static final int RADIO_SIGNAL_STRENGTH = 2;
    static final int IP_ADDRESSES = 4;

    /** OMA LwM2M Connectivity Monitoring, resource 0: the bearer codes the node can tell apart. */
    static final long WLAN = 21;

    static final long ETHERNET = 41;

    private final Path root;
    private final String interfaceName;
    private final long bearer;
    private final Supplier<List<String>> addresses;

    private ConnectivityInstance(Path root, String interfaceName, long bearer, Supplier<List<String>> addresses) {
        super(0);
        this.root = root;
        this.interfaceName = interfaceName;
        this.bearer = bearer;
        this.addresses = addresses;
    }

    /** The object for the interface that holds {@code local}, when its bearer is known. */
    static Optional<ConnectivityInstance> forAddress(Path root, InetAddress local) {
        try {
            NetworkInterface network = NetworkInterface.getByInetAddress(local);
            if (network == null) {
                return Optional.empty();
            }
            return forInterface(root, network.getName(), () -> addressesOf(network));
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    /** The object for interface {@code name} under the file-system {@code root}, when its bearer is known. */
    static Optional<ConnectivityInstance> forInterface(Path root, String name, Supplier<List<String>> addresses) {
        Path sys = root.resolve("sys/class/net").resolve(name);
        if (Files.isDirectory(sys.resolve("wireless"))) {
            return Optional.of(new ConnectivityInstance(root, name, WLAN, addresses));
        }
        try {
            if (Files.readString(sys.resolve("type"), StandardCharsets.US_ASCII)
                    .strip()
                    .equals("1")) { // ARPHRD_ETHER (linux/if_arp.h)
                return Optional.of(new ConnectivityInstance(root, name, ETHERNET, addresses));
            }
        } catch (IOException e) {
            // no such interface in sysfs: unknown
        }
        return Optional.empty();
    }

    long bearer() {
        return bearer;
    }

    /** The signal level of a WLAN interface, in dBm, from {@code /proc/net/wireless}. */
    OptionalLong signalDbm() {
        if (bearer != WLAN) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(root.resolve("proc/net/wireless"), StandardCharsets.US_ASCII)) {
                String trimmed = line.strip();
                if (trimmed.startsWith(interfaceName + ":")) {
                    // " wlan0: 0000   70.  -40.  -256 ...": status, link quality, level (dBm), noise
                    String[] fields = trimmed.substring(interfaceName.length() + 1)
                            .strip()
                            .split("\\s+");
                    return OptionalLong.of(Math.round(Double.parseDouble(fields[2])));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no wireless statistics: unknown
        }
        return OptionalLong.empty();
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case NETWORK_BEARER -> ReadResponse.success(resourceId, bearer);
            case AVAILABLE_BEARERS -> ReadResponse.success(resourceId, Map.of(0, bearer), Type.INTEGER);
            case RADIO_SIGNAL_STRENGTH -> {
                OptionalLong dbm = signalDbm();
                yield dbm.isPresent() ? ReadResponse.success(resourceId, dbm.getAsLong()) : ReadResponse.notFound();
            }
            case IP_ADDRESSES -> {
                Map<Integer, String> values = new TreeMap<>();
                for (String address : addresses.get()) {
                    values.put(values.size(), address);
                }
                yield ReadResponse.success(resourceId, values, Type.STRING);
            }
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return bearer == WLAN
                ? List.of(NETWORK_BEARER, AVAILABLE_BEARERS, RADIO_SIGNAL_STRENGTH, IP_ADDRESSES)
                : List.of(NETWORK_BEARER, AVAILABLE_BEARERS, IP_ADDRESSES);
    }

    private static List<String> addressesOf(NetworkInterface network) {
        return Collections.list(network.getInetAddresses()).stream()
                .map(a -> a.getHostAddress().replaceFirst("%.*$", ""))
                .toList();
    }
}
