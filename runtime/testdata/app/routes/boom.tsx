export const handler = () => {
  throw new Error("kaboom");
};
