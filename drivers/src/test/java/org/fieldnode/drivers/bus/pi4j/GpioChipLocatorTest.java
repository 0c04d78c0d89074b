// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fieldnode.drivers.bus.pi4j.GpioChipLocator.GpioChip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GpioChipLocator} on fake sysfs trees shaped like those of a Pi 5, a Pi 4 and newer kernels. */
class GpioChipLocatorTest {
    @TempDir
    Path root;

    private GpioChipLocator locator() {
        return new GpioChipLocator(root);
    }

    @Test
    void pi5LegacySysfs_findsRp1ByLabel_andNamesTheDeviceNotTheBaseNumber() throws IOException {
        // Pi 5 on a 6.6 kernel: /sys/class/gpio/gpiochip<base>, the header's RP1 being the fifth chip.
        legacyChip(512, "gpio-brcmstb@107d508500", "gpiochip0");
        legacyChip(544, "gpio-brcmstb@107d508520", "gpiochip1");
        legacyChip(571, "pinctrl-rp1", "gpiochip4");

        GpioChip chip = locator().firstOf(BoardBuses.RASPBERRY_PI_GPIO_LABELS).orElseThrow();

        assertThat(chip).isEqualTo(new GpioChip("gpiochip4", "pinctrl-rp1"));
        assertThat(chip.devicePath()).isEqualTo("/dev/gpiochip4");
    }

    @Test
    void pi4_picksTheBcm2711Controller_notTheFirmwareExpander() throws IOException {
        legacyChip(504, "raspberrypi-exp-gpio", "gpiochip1");
        legacyChip(512, "pinctrl-bcm2711", "gpiochip0");

        assertThat(locator().firstOf(BoardBuses.RASPBERRY_PI_GPIO_LABELS))
                .contains(new GpioChip("gpiochip0", "pinctrl-bcm2711"));
        assertThat(locator().chips())
                .containsExactly(
                        new GpioChip("gpiochip0", "pinctrl-bcm2711"),
                        new GpioChip("gpiochip1", "raspberrypi-exp-gpio"));
    }

    @Test
    void firstOf_followsTheOrderOfLabels_notTheOrderOfChips() throws IOException {
        legacyChip(0, "pinctrl-bcm2835", "gpiochip0");
        legacyChip(600, "pinctrl-rp1", "gpiochip7");

        assertThat(locator().firstOf(List.of("pinctrl-rp1", "pinctrl-bcm2835")))
                .map(GpioChip::name)
                .contains("gpiochip7");
        assertThat(locator().firstOf(List.of("pinctrl-bcm2835", "pinctrl-rp1")))
                .map(GpioChip::name)
                .contains("gpiochip0");
    }

    @Test
    void busDevicesWithLabel_areRead_withTheDirectoryAsName() throws IOException {
        write("sys/bus/gpio/devices/gpiochip0/label", "pinctrl-rp1\n");
        write("sys/bus/gpio/devices/gpiochip10/label", "gpio-brcmstb@107d517c00\n");
        write("sys/bus/gpio/devices/gpiochip2/label", "gpio-brcmstb@107d508500\n");

        assertThat(locator().chips())
                .extracting(GpioChip::name)
                .containsExactly("gpiochip0", "gpiochip2", "gpiochip10");
        assertThat(locator().firstOf(List.of("pinctrl-rp1")))
                .map(GpioChip::name)
                .contains("gpiochip0");
    }

    @Test
    void perChipClassEntries_nameTheChipByItsIndex() throws IOException {
        write("sys/class/gpio/chip3/label", "pinctrl-bcm2835");

        assertThat(locator().chips()).containsExactly(new GpioChip("gpiochip3", "pinctrl-bcm2835"));
    }

    @Test
    void legacyEntryWithoutDeviceLink_isSkipped_becauseItsNumberIsABaseNotAChip() throws IOException {
        write("sys/class/gpio/gpiochip512/label", "pinctrl-bcm2711");

        assertThat(locator().chips()).isEmpty();
        assertThat(locator().firstOf(BoardBuses.RASPBERRY_PI_GPIO_LABELS)).isEmpty();
    }

    @Test
    void noSysfs_meansNoChips() {
        assertThat(locator().chips()).isEmpty();
        assertThat(locator().firstOf(BoardBuses.RASPBERRY_PI_GPIO_LABELS)).isEmpty();
    }

    @Test
    void emptyOrUnreadableLabels_areIgnored() throws IOException {
        write("sys/bus/gpio/devices/gpiochip0/label", "\n");
        Files.createDirectories(root.resolve("sys/bus/gpio/devices/gpiochip1/label")); // a directory, not a file

        assertThat(locator().chips()).isEmpty();
    }

    /** {@code /sys/class/gpio/gpiochip<base>} with its label and a {@code device} link to the gpio device. */
    private void legacyChip(int base, String label, String deviceName) throws IOException {
        Path device = Files.createDirectories(root.resolve("sys/devices/platform/soc/gpio" + base + "/" + deviceName));
        Path entry = Files.createDirectories(root.resolve("sys/class/gpio/gpiochip" + base));
        Files.writeString(entry.resolve("label"), label + "\n");
        Files.createSymbolicLink(entry.resolve("device"), entry.relativize(device));
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
