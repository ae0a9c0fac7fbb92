package org.psrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.psrnn.testing.Cli.psrnn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.psrnn.testing.Cli.Result;

/** A mistyped option or command: one line, exit 2, with the one that was meant when it is near. */
class NearMissTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "train --hiden 10                 | psrnn train: unknown option '--hiden' (did you mean --hidden?)",
        "train --hiden=10                 | psrnn train: unknown option '--hiden' (did you mean --hidden?)",
        "train --iteratoins 5             | psrnn train: unknown option '--iteratoins' (did you mean --iterations?)",
        "step --batch b --out o --egine cpu | psrnn step: unknown option '--egine' (did you mean --engine?)",
        "compare --seed 3                 | psrnn compare: unknown option '--seed' (did you mean --seeds?)",
        "trian                            | psrnn: unknown command 'trian' (did you mean train?)",
        "train --zzzzzzzz                 | psrnn train: unknown option '--zzzzzzzz' (see 'psrnn train --help')",
        "frobnicate                       | psrnn: unknown command 'frobnicate' (see 'psrnn --help')",
    })
    void typosGetTheNearestName(String args, String expected) {
        Result r = psrnn(args.strip().split(" +"));
        assertEquals(2, r.code(), r.err());
        assertEquals(expected, r.err().strip());
        assertEquals("", r.out());
    }
}
