export type {
  Axis, Rotation, Dimensions, BoxTemplate, PackItem, PackageForRate, PackingOptions, PackingInput,
  Orientation, Placement, PackedPackage, UnpackedUnit, PackingResult, PackingStrategy,
} from "./types";
export { packItems, blockBuildingStrategy } from "./pack";
export { blockBuildingStrategy as defaultPackingStrategy } from "./pack";
export { validatePacking } from "./validate-packing";
export { DEFAULT_MIN_SUPPORT, MAX_UNITS } from "./normalize-input";
export { allowedOrientationCodes } from "./orientations";
