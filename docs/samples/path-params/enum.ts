import { App, t } from "skiffjs";

const ModelName = t.Enum(["alexnet", "resnet", "lenet"]);

export const app = new App().get("/models/{model_name}", { path: { model_name: ModelName } }, ({ path }) => {
  if (path.model_name === "alexnet") return { model_name: path.model_name, message: "Deep Learning FTW!" };
  if (path.model_name === "lenet") return { model_name: path.model_name, message: "LeCNN all the images" };
  return { model_name: path.model_name, message: "Have some residuals" };
});
