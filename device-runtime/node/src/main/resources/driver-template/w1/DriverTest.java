package @PACKAGE@;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fieldnode.drivers.api.BusException;
import org.junit.jupiter.api.Test;

/** The w1_slave file as the kernel writes it (DS18B20 datasheet scratchpad, Maxim CRC). */
class @CLASS@Test {
    @Test
    void celsius_isTheMillidegreesOfAGoodScratchpad() throws Exception {
        String file = "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";
        assertThat(@CLASS@.celsius(file, "sensor0")).isEqualTo(23.125);
    }

    @Test
    void aBadCrc_isATransientFault() {
        String file = "72 01 4b 46 7f ff 0e 10 58 : crc=57 NO\n72 01 4b 46 7f ff 0e 10 58 t=23125\n";
        assertThatThrownBy(() -> @CLASS@.celsius(file, "sensor0"))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.isTransient()).isTrue());
    }
}
