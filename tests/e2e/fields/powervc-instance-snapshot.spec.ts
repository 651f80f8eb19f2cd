// Generated field tests of powervc.InstanceSnapshot (see ../field-tests.ts).
import { describeFieldTests } from "../field-tests";

describeFieldTests("powervc.InstanceSnapshot");
