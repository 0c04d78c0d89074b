# SPDX-License-Identifier: Apache-2.0
"""An independent Modbus RTU slave for fieldnode's interop test: pymodbus's serial server on PORT.

Slave 1 holds a soil probe's registers (holding 0..2: 30.0 %, 24.2 C, 1830 uS/cm) and a float32 water level in
input registers 4..5, low word first (1.25 m); other ids get no answer (ignore_missing_slaves). Prints "ready" once
the port is open, then serves until killed.

usage: python3 pymodbus_slave.py PORT BAUD
"""
import asyncio
import struct
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncSerialServer
from pymodbus.transaction import ModbusRtuFramer


async def main(port, baud):
    high, low = struct.unpack(">HH", struct.pack(">f", 1.25))
    slave = ModbusSlaveContext(
        hr=ModbusSequentialDataBlock(0, [300, 242, 1830]),
        ir=ModbusSequentialDataBlock(0, [0, 0, 0, 0, low, high]),
        zero_mode=True,
    )
    context = ModbusServerContext(slaves={1: slave}, single=False)
    server = await StartAsyncSerialServer(
        context=context,
        framer=ModbusRtuFramer,
        port=port,
        baudrate=baud,
        bytesize=8,
        parity="N",
        stopbits=1,
        timeout=0.05,
        ignore_missing_slaves=True,
        defer_start=True,
    )
    await server.start()
    if server.transport is None:
        print("cannot open " + port, flush=True)
        sys.exit(1)
    print("ready", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
