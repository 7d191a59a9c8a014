# FastAPI (pydantic models, uvloop + httptools) on the same routes as the Node servers. Started by bench/run.ts as
#   ROUTES=10 python3 -m uvicorn fastapi_app:app --app-dir bench/servers --loop uvloop --http httptools
import os
from typing import List, Optional

from fastapi import FastAPI, Query
from pydantic import BaseModel, Field, conint

ROUTES = int(os.environ.get("ROUTES", "10"))
MEASURED_ROUTES = 3


class Dimensions(BaseModel):
    width: float
    height: float
    depth: float


class Item(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    description: str = Field(max_length=2000)
    price: float = Field(ge=0)
    tax: Optional[float] = Field(default=None, ge=0)
    sku: str = Field(regex=r"^[A-Z]{3}-\d{6}$")
    inStock: bool
    tags: List[str] = Field(max_items=50)
    dimensions: Dimensions
    ratings: List[conint(ge=1, le=5)]


class ItemOut(BaseModel):
    id: int
    name: str
    q: Optional[str] = None
    limit: int


app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


def add_fillers(before: bool) -> None:
    count = max(0, ROUTES - MEASURED_ROUTES)
    for i in range(count):
        if (i < count / 2) != before:
            continue
        if i % 2 == 1:
            async def param_route(id: int):
                return {"id": id}
            app.get(f"/r{i}/items/{{id}}")(param_route)
        else:
            async def static_route():
                return {"ok": True}
            app.get(f"/r{i}/status")(static_route)


add_fillers(True)


@app.get("/")
async def root():
    return {"Hello": "World"}


@app.get("/items/{id}", response_model=ItemOut)
async def read_item(id: int, q: Optional[str] = Query(default=None, max_length=50), limit: int = Query(default=10, ge=1, le=100)):
    return {"id": id, "name": "Item", "q": q, "limit": limit}


@app.post("/items", status_code=201)
async def create_item(item: Item):
    return item


add_fillers(False)
