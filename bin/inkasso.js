#!/usr/bin/env node
// The inkasso command under its former file name, so that a script or a container that runs
// bin/inkasso.js (or a link npx made to it before) keeps working. The command is bin/inkasso.cjs,
// package.json's bin, which starts about 2 ms sooner without this ES module in front of it.
import './inkasso.cjs';
